//! No file of `shared`, `relay` or `app` depends, through its `crate::`, `super::` and `self::`
//! paths, on a file that depends back on it: each crate's files form layers, so that any one of
//! them can be read knowing only what it imports.
//!
//! The graph: one node per source file; an edge from a file to the file that defines each item
//! it names (`use` statements, `pub use` included, and paths in code). A name that a module only
//! re-exports (`pub use x::Y` in `lib.rs` or a `mod.rs`) counts as a name of the file that
//! defines it, so a crate's public face makes no circle. Unit tests (`#[cfg(test)] mod tests`)
//! are left out: they may use whatever they test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A crate's source files by module path (`["control", "batch"]`), and their text.
struct Crate {
    files: BTreeMap<Vec<String>, (PathBuf, String)>,
}

impl Crate {
    fn read(src: &Path, root: &str) -> Self {
        let mut files = BTreeMap::new();
        collect(src, src, root, &mut files);
        Self { files }
    }

    /// The file a path names: its longest prefix that is a module, followed through
    /// re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
        let prefix_len = (0..=path.len())
            .rev()
            .find(|&n| self.files.contains_key(&path[..n]))?;
        let module = path[..prefix_len].to_vec();
        let Some(item) = path.get(prefix_len) else {
            return Some(module);
        };
        if depth < 8 {
            let (_, text) = &self.files[&module];
            for target in use_paths(&module, text, self, true) {
                if target.last() == Some(item) && target[..target.len() - 1] != module[..] {
                    if let Some(origin) = self.resolve(&target, depth + 1) {
                        return Some(origin);
                    }
                }
            }
        }
        // An exported macro stands at the crate root but is written in a file of its own.
        if module.is_empty() {
            let definition = format!("macro_rules! {item}");
            if let Some((file, _)) = self
                .files
                .iter()
                .find(|(_, (_, t))| t.contains(&definition))
            {
                return Some(file.clone());
            }
        }
        Some(module)
    }

    /// Each file's dependencies on the crate's other files.
    fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
        let mut edges = BTreeMap::new();
        for (module, (_, text)) in &self.files {
            let targets: BTreeSet<Vec<String>> = use_paths(module, text, self, false)
                .into_iter()
                .chain(code_paths(module, text))
                .filter_map(|path| self.resolve(&path, 0))
                .filter(|target| target != module)
                .collect();
            edges.insert(module.clone(), targets);
        }
        edges
    }
}

fn collect(
    src: &Path,
    dir: &Path,
    root: &str,
    files: &mut BTreeMap<Vec<String>, (PathBuf, String)>,
) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(src, &path, root, files);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let relative = path.strip_prefix(src).unwrap();
        let mut module: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match module.last().map(String::as_str) {
            Some("mod") => {
                module.pop();
            }
            Some(name) if name == root => {
                module.pop();
            }
            Some("main" | "lib") => continue, // the other root (relay's binary): a crate of its own
            _ => {}
        }
        let text = std::fs::read_to_string(&path).unwrap();
        files.insert(module, (path, code_of(&text)));
    }
}

/// The text without comments, strings and the unit tests.
fn code_of(text: &str) -> String {
    let text = match text.match_indices("#[cfg(").find(|(at, _)| {
        let attribute = &text[*at..];
        let line_end = attribute.find('\n').unwrap_or(attribute.len());
        attribute[..line_end].contains("test")
            && attribute[line_end..].trim_start().starts_with("mod ")
    }) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            // A char literal ('"', '\n'), not a lifetime.
            '\'' if chars.peek() == Some(&'\\') => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                }
            }
            '\'' if chars.clone().nth(1) == Some('\'') => {
                chars.nth(1);
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// `crate::a::b` → `["a", "b"]`; `super::x` and `self::x` relative to `module`; a first segment
/// that is a child module of `module` (2018 paths in `use`) likewise.
fn absolute(module: &[String], segments: &[String], krate: &Crate) -> Option<Vec<String>> {
    let (first, rest) = segments.split_first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut base = module.to_vec();
            base.pop()?;
            let mut rest = rest;
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
            return Some(base.into_iter().chain(rest.iter().cloned()).collect());
        }
        child => {
            let mut path = module.to_vec();
            path.push(child.to_owned());
            if !krate.files.contains_key(&path) {
                return None;
            }
            return Some(path.into_iter().chain(rest.iter().cloned()).collect());
        }
    };
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The paths the file's `use` statements name (only its `pub use` ones with `public_only`),
/// each use tree expanded.
fn use_paths(module: &[String], text: &str, krate: &Crate, public_only: bool) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(at) = find_use(rest) {
        let before = rest[..at].trim_end();
        let public = ["pub", "pub(crate)", "pub(super)"]
            .iter()
            .any(|p| before.ends_with(p));
        let body_start = at + "use ".len();
        let Some(end) = rest[body_start..].find(';') else {
            break;
        };
        // `a as b` keeps its meaning as `a@b`; other white space goes.
        let tree: String = rest[body_start..body_start + end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" as ", "@")
            .replace(' ', "");
        rest = &rest[body_start + end..];
        if public_only && !public {
            continue;
        }
        for segments in expand(&tree) {
            if let Some(path) = absolute(module, &segments, krate) {
                paths.push(path);
            }
        }
    }
    paths
}

fn find_use(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("use ") {
        let at = from + i;
        let before = text[..at].chars().last();
        if before.is_none_or(|c| c.is_whitespace() || c == ';' || c == '}' || c == '{') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// `a::{b, c::{d, e@f}}` (`e as f`) → `[a,b]`, `[a,c,d]`, `[a,c,e]`; `a::*` → `[a]`.
fn expand(tree: &str) -> Vec<Vec<String>> {
    let Some(open) = tree.find('{') else {
        let path = tree.split('@').next().unwrap_or(tree);
        let segments: Vec<String> = path
            .split("::")
            .filter(|s| !s.is_empty() && *s != "*")
            .map(str::to_owned)
            .collect();
        return vec![segments];
    };
    let prefix: Vec<String> = tree[..open]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|part| {
            if part == "self" {
                return vec![prefix.clone()];
            }
            expand(part)
                .into_iter()
                .map(|tail| prefix.iter().cloned().chain(tail).collect())
                .collect()
        })
        .collect()
}

/// `crate::…`, `super::…` and `self::…` paths written in code, outside `use` statements.
fn code_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes = text.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0
                && (bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b':')
            {
                continue;
            }
            let end = text[at..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(text.len(), |n| at + n);
            // `super::{a, b}` and `crate::x::*` are use trees, read by `use_paths`.
            if text[at..end].ends_with("::") {
                continue;
            }
            let segments: Vec<String> = text[at..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            // Relative to the module; a `mod.rs` or root's `self`/`super` is handled alike.
            let path = match segments[0].as_str() {
                "crate" => segments[1..].to_vec(),
                "self" => module
                    .iter()
                    .cloned()
                    .chain(segments[1..].iter().cloned())
                    .collect(),
                _ => {
                    let mut base = module.to_vec();
                    let mut rest = &segments[..];
                    while rest.first().map(String::as_str) == Some("super") {
                        if base.pop().is_none() {
                            break;
                        }
                        rest = &rest[1..];
                    }
                    base.into_iter().chain(rest.iter().cloned()).collect()
                }
            };
            paths.push(path);
        }
    }
    paths
}

/// The circles of the graph, each once, as file paths.
fn cycles(krate: &Crate) -> Vec<Vec<String>> {
    let edges = krate.edges();
    let mut found = BTreeSet::new();
    // A circle exists where two files reach each other; report each strongly connected group.
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<_, _> = edges.keys().map(|k| (k.clone(), reach(k))).collect();
    for (node, from_node) in &reached {
        if !from_node.contains(node) {
            continue;
        }
        let group: BTreeSet<&Vec<String>> = from_node
            .iter()
            .filter(|other| reached[*other].contains(node))
            .collect();
        // Each file of the circle, with the files of the circle it imports.
        let shown = group
            .iter()
            .map(|m| {
                let name = |m: &Vec<String>| {
                    let path = &krate.files[m].0;
                    let dir = path.parent().and_then(|p| p.file_name());
                    let file = path.file_name().unwrap_or_default().to_string_lossy();
                    match dir {
                        Some(dir) if file == "mod.rs" => {
                            format!("{}/mod.rs", dir.to_string_lossy())
                        }
                        _ => file.into_owned(),
                    }
                };
                let imports: Vec<String> = edges[*m]
                    .iter()
                    .filter(|t| group.contains(t))
                    .map(name)
                    .collect();
                format!("{} -> {}", name(m), imports.join(", "))
            })
            .collect();
        found.insert(shown);
    }
    found.into_iter().collect()
}

fn check(dir: &str, root: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir);
    let krate = Crate::read(&src, root);
    assert!(krate.files.len() > 5, "{} has its files", src.display());
    cycles(&krate)
        .into_iter()
        .map(|group| format!("{dir}:\n  {}", group.join("\n  ")))
        .collect()
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let found: Vec<String> = [
        ("shared/src", "lib"),
        ("relay/src", "lib"),
        ("app/src", "main"),
    ]
    .into_iter()
    .flat_map(|(dir, root)| check(dir, root))
    .collect();
    assert!(
        found.is_empty(),
        "import circles (move what both sides need into a file of its own):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_graph_sees_a_circle_and_follows_re_exports() {
    let module = |path: &str| -> Vec<String> {
        path.split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let file = |m: &str, text: &str| (module(m), (PathBuf::from(format!("{m}.rs")), code_of(text)));
    let krate = Crate {
        files: [
            file("", "pub mod a; pub mod b; pub mod c;\npub use c::Thing;\n"),
            file("a", "use crate::b::{B, other::{X as Y}};\n"),
            file(
                "b",
                "// use crate::c::Nothing;\nfn f() { crate::a::g(\"crate::c\") }\n",
            ),
            file(
                "c",
                "pub struct Thing;\nfn f() -> crate::Thing { super::a::A }\n",
            ),
        ]
        .into_iter()
        .collect(),
    };
    assert_eq!(krate.resolve(&module("Thing"), 0), Some(module("c")));
    let edges = krate.edges();
    assert_eq!(edges[&module("a")], [module("b")].into_iter().collect());
    assert_eq!(edges[&module("b")], [module("a")].into_iter().collect());
    assert_eq!(edges[&module("c")], [module("a")].into_iter().collect());
    assert_eq!(
        cycles(&krate),
        vec![vec!["a.rs -> b.rs".to_owned(), "b.rs -> a.rs".to_owned()]]
    );
}
