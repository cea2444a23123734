//! A request body read as one flat JSON object, without ever building a nested tree: the
//! relay faces the internet, and `{"x": [[], [], …]}` must cost no more than its bytes.
//!
//! Keys outside the allowed list are refused as soon as they are read (their value is never
//! parsed); a nested array or object inside a field is skipped and kept as an empty one of the
//! same kind (every field takes a scalar, or a list of scalars, so validation still names it);
//! a list longer than [`MAX_LIST_ENTRIES`] is refused as it is read.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::error::FieldError;

/// The scalar visits both value visitors share.
macro_rules! scalars {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
            Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
    };
}

/// The most entries a list field may have (`containers`, `simulation`).
pub const MAX_LIST_ENTRIES: usize = 10_000;

/// The body as a flat JSON object of allowed fields, or the first reason it is not one:
/// `body` (with `expected`) when it is not a JSON object, the unknown key, or the field whose
/// list is too long.
pub fn flat_object(
    body: &[u8],
    expected: &str,
    allowed: &[&str],
) -> Result<Map<String, Value>, FieldError> {
    let refusal = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let read = DeserializeSeed::deserialize(
        TopLevel {
            allowed,
            refusal: &refusal,
        },
        &mut deserializer,
    )
    .and_then(|map| deserializer.end().map(|()| map));
    match read {
        Ok(map) => Ok(map),
        Err(e) => Err(refusal.into_inner().unwrap_or_else(|| {
            if e.is_data() {
                FieldError::new("body", expected)
            } else {
                FieldError::new("body", format!("not valid JSON: {e}"))
            }
        })),
    }
}

/// Where a refusal with a field name is left for [`flat_object`] to return.
type Refusal<'r> = &'r RefCell<Option<FieldError>>;

fn refuse<E: de::Error>(refusal: Refusal<'_>, error: FieldError) -> E {
    let message = error.message.clone();
    *refusal.borrow_mut() = Some(error);
    E::custom(message)
}

struct TopLevel<'a, 'r> {
    allowed: &'a [&'a str],
    refusal: Refusal<'r>,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_, '_> {
    type Value = Map<String, Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if !self.allowed.contains(&key.as_str()) {
                let shown: String = key.chars().take(40).collect();
                return Err(refuse(
                    self.refusal,
                    FieldError::new(
                        shown,
                        format!("unknown field; allowed: {}", self.allowed.join(", ")),
                    ),
                ));
            }
            let value = map.next_value_seed(Field {
                name: &key,
                refusal: self.refusal,
            })?;
            out.insert(key, value);
        }
        Ok(out)
    }
}

/// A field's value: a scalar, or a list of scalars (nested parts kept empty).
struct Field<'a, 'r> {
    name: &'a str,
    refusal: Refusal<'r>,
}

impl<'de> DeserializeSeed<'de> for Field<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Field<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = seq.next_element_seed(Shallow)? {
            if out.len() == MAX_LIST_ENTRIES {
                return Err(refuse(
                    self.refusal,
                    FieldError::new(
                        self.name,
                        format!("a list of at most {MAX_LIST_ENTRIES} entries"),
                    ),
                ));
            }
            out.push(entry);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        Shallow.visit_map(map)
    }

    scalars!();
}

/// A value whose nested parts are skipped: `[…]` becomes `[]`, `{…}` becomes `{}`.
struct Shallow;

impl<'de> DeserializeSeed<'de> for Shallow {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Shallow {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::Array(Vec::new()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::Object(Map::new()))
    }

    scalars!();
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALLOWED: [&str; 3] = ["a", "list", "n"];

    fn read(body: &str) -> Result<Map<String, Value>, FieldError> {
        flat_object(body.as_bytes(), "expected an object", &ALLOWED)
    }

    #[test]
    fn reads_scalars_and_lists_of_scalars_as_serde_json_would() {
        let body = r#"{"a": "x", "n": 1.5, "list": ["p", 2, true, null]}"#;
        let expected: Value = serde_json::from_str(body).unwrap();
        assert_eq!(Value::Object(read(body).unwrap()), expected);
    }

    #[test]
    fn nested_parts_are_kept_empty_of_their_kind() {
        let map = read(r#"{"a": {"deep": [1, 2]}, "list": [[1, [2]], {"k": 1}]}"#).unwrap();
        assert_eq!(map["a"], serde_json::json!({}));
        assert_eq!(map["list"], serde_json::json!([[], {}]));
    }

    #[test]
    fn an_unknown_key_is_refused_before_its_value_is_read() {
        // The value is not even valid JSON: it is never read.
        let e = read(r#"{"a": 1, "x": [[[[[[ "#).unwrap_err();
        assert_eq!(e.field, "x");
        assert!(e.message.contains("allowed: a, list, n"), "{}", e.message);
    }

    #[test]
    fn a_list_over_the_cap_is_refused_naming_the_field() {
        let body = format!(
            r#"{{"list": [{}]}}"#,
            vec!["1"; MAX_LIST_ENTRIES + 1].join(",")
        );
        let e = read(&body).unwrap_err();
        assert_eq!(e.field, "list");
        assert!(e.message.contains("10000"), "{}", e.message);
        let body = format!(r#"{{"list": [{}]}}"#, vec!["1"; MAX_LIST_ENTRIES].join(","));
        assert_eq!(
            read(&body).unwrap()["list"].as_array().unwrap().len(),
            MAX_LIST_ENTRIES
        );
    }

    #[test]
    fn what_is_not_an_object_is_a_body_error() {
        assert_eq!(read("[1]").unwrap_err().message, "expected an object");
        assert_eq!(read("7").unwrap_err().field, "body");
        assert!(read("{\"a\": ")
            .unwrap_err()
            .message
            .starts_with("not valid JSON"));
        assert!(read("{} x")
            .unwrap_err()
            .message
            .starts_with("not valid JSON"));
    }
}
