//! The repository and the Python environment the data-science checks run in.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Python of the virtual environment named by `examples/requirements.txt`'s SHA-256 (pandas,
/// pyarrow, scikit-learn), as `scripts/setup.sh` makes it.
pub fn pydata_python() -> PathBuf {
    use sha2::{Digest, Sha256};
    let requirements = std::fs::read(repo_root().join("examples/requirements.txt")).unwrap();
    let digest = Sha256::digest(&requirements);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let home = std::env::var_os("HOME").expect("HOME");
    let python = PathBuf::from(home)
        .join(".cache")
        .join(format!("reefer-pydata-{}", &hex[..16]))
        .join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup.sh (it installs pandas, pyarrow and scikit-learn)",
        python.display()
    );
    python
}
