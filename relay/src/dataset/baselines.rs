//! The published baseline scores of the named presets (`examples/baseline.py` on the
//! reference size), and the ranges the test command checks its small runs against.

use std::fmt::Write as _;

use reefer_shared::dataset::{DatasetSpec, Preset};

/// What the baseline script printed for one preset at the reference size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Published {
    /// The preset.
    pub preset: Preset,
    /// The command that wrote the dataset.
    pub command: &'static str,
    /// The fault classifier's F1 on the test units' readings (fails within 48 h).
    pub f1: f64,
    /// Its area under the precision–recall curve.
    pub pr_auc: f64,
    /// The RUL regressor's RMSE at the test units' cuts, hours (units failing in the span).
    pub rul_rmse_hours: f64,
}

/// The published scores, easiest first.
pub const PUBLISHED: [Published; 0] = [];

/// The datasheet's baselines section for `spec`.
pub fn section(spec: &DatasetSpec) -> String {
    let mut s = String::from("## Baselines\n\n");
    let named = Preset::ALL.into_iter().find(|p| p.knobs() == spec.knobs);
    let _ = writeln!(
        s,
        "`examples/baseline.py DIR` (pandas and scikit-learn, pinned in \
         `examples/requirements.txt`) loads this folder, trains a fault classifier (does the \
         unit fail within 48 h?) and an RUL regressor on the train units, and scores the test \
         units. This dataset's knobs are {}.\n",
        named.map_or("not a named preset's".to_string(), |p| format!(
            "the `{}` preset's",
            p.name()
        ))
    );
    if PUBLISHED.is_empty() {
        s.push_str("No scores are published yet.\n");
        return s;
    }
    s.push_str("| preset | command | F1 | PR AUC | RUL RMSE (h) |\n|---|---|---|---|---|\n");
    for p in PUBLISHED {
        let _ = writeln!(
            s,
            "| {} | `{}` | {:.3} | {:.3} | {:.1} |",
            p.preset.name(),
            p.command,
            p.f1,
            p.pr_auc,
            p.rul_rmse_hours
        );
    }
    s
}
