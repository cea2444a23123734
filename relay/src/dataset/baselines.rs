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
    /// The fault classifier's F1 on the test units' hours (fails within a week).
    pub f1: f64,
    /// Its area under the precision–recall curve.
    pub pr_auc: f64,
    /// The RUL regressor's RMSE at the test units' cuts, hours (units failing in the span).
    pub rul_rmse_hours: f64,
}

/// The published scores, easiest first: what `examples/baseline.py DIR --json` printed for the
/// datasets its command wrote (numpy 2.1.3, pandas 2.2.3, scikit-learn 1.5.2; docs/benchmarks-history.md,
/// part 14 has seeds 2 and 3 beside them).
pub const PUBLISHED: [Published; 3] = [
    Published {
        preset: Preset::Easy,
        command: "reefer dataset --units 100 --days 180 --seed 1 --preset easy --out DIR",
        f1: 0.9293,
        pr_auc: 0.9173,
        rul_rmse_hours: 87.14,
    },
    Published {
        preset: Preset::Realistic,
        command: "reefer dataset --units 100 --days 180 --seed 1 --preset realistic --out DIR",
        f1: 0.6687,
        pr_auc: 0.6181,
        rul_rmse_hours: 118.26,
    },
    Published {
        preset: Preset::Hard,
        command: "reefer dataset --units 100 --days 180 --seed 1 --preset hard --out DIR",
        f1: 0.2312,
        pr_auc: 0.2392,
        rul_rmse_hours: 26.64,
    },
];

/// The ranges the test command checks on a small run of each of two presets (60 units, 90
/// days, seed 1): the easy preset clearly learnable but not perfect, the hard one clearly
/// harder. (PR AUC bounds; the hard one must also stay 0.1 below the easy one.)
pub const EASY_PR_AUC: (f64, f64) = (0.75, 0.995);
/// The hard preset's PR AUC on the small run: at most this.
pub const HARD_PR_AUC_MAX: f64 = 0.75;

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
    s.push_str(
        "Published scores (F1 at 0.5 and PR AUC of the classifier on the test hours; RMSE of \
         the RUL, capped at 240 h, at the test units' cuts). With 20 test units of which 1 to 6 \
         fail, a seed moves them by ±0.1 to ±0.3: compare models on the same seeds.\n\n\
         | preset | command | F1 | PR AUC | RUL RMSE at the cut (h) |\n|---|---|---|---|---|\n",
    );
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
    let _ = writeln!(
        s,
        "\nThe test command checks, on `--units 60 --days 90 --seed 1`, that the easy preset's PR \
         AUC is between {} and {} and the hard one's at most {} and 0.1 below it.",
        EASY_PR_AUC.0, EASY_PR_AUC.1, HARD_PR_AUC_MAX
    );
    s
}
