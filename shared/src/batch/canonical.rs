//! The fast path of [`super::parse_batch`]: a body laid out exactly as
//! [`crate::encoding::write_batch`] writes it (the app, `reefer`'s own clients and most
//! serializers that keep field order) is read by matching its keys as literals, without
//! serde's per-key dispatch, and its numbers with the standard library's correctly rounded
//! parser — the same values as serde_json with `float_roundtrip`.
//!
//! Anything else — whitespace between tokens, another key order, an escape in a string, a
//! number out of range, any error — gives `None`, and the body is parsed by serde, which also
//! names the field at fault. A test checks that both paths agree on every body of a corpus of
//! near misses.

use std::borrow::Cow;

use super::RecordFields;
use crate::columns::{Column, JSON_KEYS};

/// The records of a body in the canonical layout, their JSON types checked; `None` if the body
/// is laid out otherwise or has any error.
pub(super) fn parse(body: &[u8]) -> Option<Vec<RecordFields<'_>>> {
    let text = std::str::from_utf8(body).ok()?;
    let mut at = Cursor { text, at: 0 };
    at.literal("{\"records\":[")?;
    let mut records = Vec::with_capacity(body.len() / 380 + 1);
    loop {
        records.push(at.record()?);
        if at.literal(",").is_none() {
            break;
        }
    }
    at.literal("]}")?;
    let rest = &text.as_bytes()[at.at..];
    rest.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .then_some(records)
}

/// A position in the body.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn bytes(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// Steps over `expected`, if it is next.
    fn literal(&mut self, expected: &str) -> Option<()> {
        self.bytes()
            .starts_with(expected.as_bytes())
            .then(|| self.at += expected.len())
    }

    /// One record, its keys in [`crate::encoding::write_json_record`]'s order (a struct
    /// expression's fields are evaluated in the order written).
    fn record(&mut self) -> Option<RecordFields<'a>> {
        self.literal("{")?;
        let record = RecordFields {
            container_id: self.field(
                JSON_KEYS[Column::ContainerId as usize].first(),
                Self::string,
            )?,
            measurement_time: self.field(Column::MeasurementTime.json_key(), Self::string)?,
            product_id: self.field(Column::ProductId.json_key(), Self::string)?,
            temperature: self.field(Column::Temperature.json_key(), Self::float)?,
            target_temperature: self.field(Column::TargetTemperature.json_key(), Self::float)?,
            ambiant_temperature: self.field(Column::AmbiantTemperature.json_key(), Self::float)?,
            kilowatts: self.field(Column::Kilowatts.json_key(), Self::float)?,
            time_door_open: self.field(Column::TimeDoorOpen.json_key(), Self::whole)?,
            content_type: self
                .field(Column::ContentType.json_key(), Self::whole)?
                .try_into()
                .ok()?,
            defrost_cycle: self
                .field(Column::DefrostCycle.json_key(), Self::whole)?
                .try_into()
                .ok()?,
            oxygen: self.field(Column::OxygenLevel.json_key(), Self::float)?,
            nitrogen: self.field(Column::NitrogenLevel.json_key(), Self::float)?,
            humidity: self.field(Column::HumidityLevel.json_key(), Self::float)?,
            carbon_dioxide: self.field(Column::CarbonDioxideLevel.json_key(), Self::float)?,
            fan_1: self.field(Column::Fan1.json_key(), Self::flag)?,
            fan_2: self.field(Column::Fan2.json_key(), Self::flag)?,
            fan_3: self.field(Column::Fan3.json_key(), Self::flag)?,
            latitude: self.field(Column::Latitude.json_key(), Self::string)?,
            longitude: self.field(Column::Longitude.json_key(), Self::string)?,
            maintenance_required: self
                .field(Column::MaintenanceRequired.json_key(), Self::whole)?
                .try_into()
                .ok()?,
        };
        self.literal("}")?;
        Some(record)
    }

    /// The value after `key` (a column's JSON key), read by `read`.
    fn field<T>(&mut self, key: &[u8], read: fn(&mut Self) -> Option<T>) -> Option<T> {
        self.bytes()
            .starts_with(key)
            .then(|| self.at += key.len())?;
        read(self)
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.literal("\"")?;
        let length = self.bytes().iter().position(|&b| b == b'"')?;
        let value = &self.text[self.at..self.at + length];
        if value.bytes().any(|b| b == b'\\' || b < 0x20) {
            return None;
        }
        self.at += length + 1;
        Some(Cow::Borrowed(value))
    }

    /// A JSON number that is a finite double.
    fn float(&mut self) -> Option<f64> {
        let length = number_length(self.bytes())?;
        let value: f64 = self.text[self.at..self.at + length].parse().ok()?;
        self.at += length;
        value.is_finite().then_some(value)
    }

    /// A JSON number that is a whole number from 0 to `u32::MAX` (no fraction, no exponent).
    fn whole(&mut self) -> Option<u32> {
        let digits = self
            .bytes()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let text = &self.text[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text.starts_with('0')) {
            return None;
        }
        if matches!(self.bytes().get(digits), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        let value = text.parse().ok()?;
        self.at += digits;
        Some(value)
    }

    /// `true` or `false`.
    fn flag(&mut self) -> Option<bool> {
        if self.literal("true").is_some() {
            Some(true)
        } else {
            self.literal("false").map(|()| false)
        }
    }
}

/// The length of the JSON number at the start of `bytes`:
/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`; `None` if there is none.
fn number_length(bytes: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = usize::from(bytes.first() == Some(&b'-'));
    match digits(at) {
        0 => return None,
        n if n > 1 && bytes[at] == b'0' => return None,
        n => at += n,
    }
    if bytes.get(at) == Some(&b'.') {
        match digits(at + 1) {
            0 => return None,
            n => at += 1 + n,
        }
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        match digits(at) {
            0 => return None,
            n => at += n,
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::super::{parse_batch, parse_with_serde, validate_batch};
    use super::*;
    use crate::encoding::write_batch;
    use crate::{GenerationSpec, Generator};

    fn body(simulation: &str, n: u64) -> String {
        let records: Vec<_> = Generator::new(GenerationSpec::example(simulation, n, 5)).collect();
        let mut out = Vec::new();
        write_batch(&mut out, &records);
        String::from_utf8(out).unwrap()
    }

    /// What serde alone makes of a body.
    fn by_serde(body: &str) -> Result<Vec<crate::TelemetryRecord>, crate::error::FieldError> {
        parse_with_serde(body.as_bytes()).and_then(|records| validate_batch(&records, 100))
    }

    #[test]
    fn reads_what_write_batch_writes_as_serde_does() {
        for simulation in ["normal", "poweroff", "co2sensor", "o2sensor", "temperature"] {
            let text = body(simulation, 60);
            let fast = parse(text.as_bytes()).expect("the canonical layout");
            let slow = parse_with_serde(text.as_bytes()).unwrap();
            assert_eq!(fast, slow, "{simulation}");
        }
    }

    #[test]
    fn any_other_body_gets_serdes_answer() {
        let good = body("co2sensor", 3);
        let first_temperature = {
            let at = good.find("\"temperature\":").unwrap() + "\"temperature\":".len();
            let end = at + good[at..].find(',').unwrap();
            good[at..end].to_owned()
        };
        let with_temperature = |value: &str| good.replacen(&first_temperature, value, 1);
        let mut bodies = vec![
            format!(" {good}"),
            format!("{good} \n"),
            format!("{good}x"),
            good.replacen("{\"records\":[", "{ \"records\" : [", 1),
            good.replacen(
                "\"container_id\":\"C02\"",
                "\"container_id\":\"C\\u0030\"",
                1,
            ),
            good.replacen("\"container_id\":\"C02\"", "\"container_id\":\"C\t2\"", 1),
            good.replacen("\"product_id\":\"P02\"", "\"product_id\":\"P9\"", 1),
            good.replacen(",\"fan_1\":true", ",\"fan_1\":1", 1),
            good.replacen(",\"fan_1\":true", ",\"fan_1\":tru", 1),
            good.replacen(
                ",\"maintenance_required\":0",
                ",\"maintenance_required\":2",
                1,
            ),
            good.replacen(
                ",\"maintenance_required\":0",
                ",\"maintenance_required\":256",
                1,
            ),
            good.replacen(
                ",\"maintenance_required\":0",
                ",\"maintenance_required\":-0",
                1,
            ),
            good.replacen(",\"defrost_cycle\":", ",\"defrost_cycle\":0", 1),
            good.replacen(",\"time_door_open\":0", ",\"time_door_open\":4294967296", 1),
            good.replacen(",\"time_door_open\":0", ",\"time_door_open\":1.0", 1),
            good.replacen(",\"time_door_open\":0", ",\"time_door_open\":1e2", 1),
            good.replacen("\"latitude\":\"", "\"latitude\":\" ", 1),
            good.replacen("}]}", ",\"extra\":1}]}", 1),
            good.replacen("]}", "],\"more\":1}", 1),
            good.replacen("{\"container_id\":\"C02\",", "{", 1),
            "{\"records\":[]}".to_owned(),
            "{\"records\":[1]}".to_owned(),
            "{\"records\":[{}]}".to_owned(),
        ];
        for number in [
            "5",
            "-0",
            "-0.0",
            "1e5",
            "1E-3",
            "0.1e+2",
            "2.5E+0",
            "123456789012345678901",
            "4.9e-324",
            "2.2250738585072011e-308",
            "1.7976931348623157e308",
            "1e400",
            "-1e400",
            "01",
            "1.",
            ".5",
            "-",
            "2.5e",
            "+1",
            "0x10",
            "NaN",
            "1_0",
            "9007199254740993",
            "0.30000000000000004",
            "1.00000000000000011102230246251565404236316680908203125",
        ] {
            bodies.push(with_temperature(number));
        }
        let mut fast = 0;
        for text in &bodies {
            assert_ne!(text, &good);
            fast += usize::from(parse(text.as_bytes()).is_some());
            assert_eq!(
                parse_batch(text.as_bytes(), 100),
                by_serde(text),
                "{text:.120}"
            );
        }
        // Both paths are exercised: numbers in other spellings are still read fast.
        assert!(
            (10..bodies.len() - 10).contains(&fast),
            "{fast} of {}",
            bodies.len()
        );
    }

    #[test]
    fn doubles_are_read_to_the_same_bits() {
        let good = body("normal", 1);
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if !value.is_finite() {
                continue;
            }
            for text in [
                format!("{value}"),
                format!("{value:e}"),
                format!("{value:.3}"),
            ] {
                let mut out = String::new();
                let at = good.find("\"kilowatts\":").unwrap() + "\"kilowatts\":".len();
                let end = at + good[at..].find(',').unwrap();
                out.push_str(&good[..at]);
                out.push_str(&text);
                out.push_str(&good[end..]);
                let fast = parse(out.as_bytes()).map(|r| r[0].kilowatts.to_bits());
                let slow = parse_with_serde(out.as_bytes()).map(|r| r[0].kilowatts.to_bits());
                assert_eq!(fast, slow.ok(), "{text}");
            }
        }
    }
}
