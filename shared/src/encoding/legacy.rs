//! The original simulator's own payload: Python's `str()` of the 20-value record tuple.
//!
//! The original solution's consumers read it as text, not as JSON: the Java scorer
//! (`scoring-mp`, `Telemetry(String)`) strips `(`, `)` and `'`, splits on commas into exactly
//! 20 values and parses them with `Double.parseDouble`, `Integer.parseInt` and
//! `Boolean.valueOf`; the Python scoring agent and the notebooks `eval` /
//! `ast.literal_eval` it into a tuple. Our contract, written once here:
//!
//! - the 20 columns in CSV order, separated by `", "`, in parentheses;
//! - strings (container, time, product, latitude, longitude) in single quotes — none of their
//!   alphabets has a quote, comma, backslash or parenthesis, so nothing needs escaping;
//! - floats in Python's `repr` form: the shortest text that reads back as the same double,
//!   fixed notation for decimal exponents from −4 to 16 (`6.0`, `0.0001`,
//!   `1000000000000000.0`), otherwise scientific with a signed two-digit exponent (`1e-05`,
//!   `1.5e-07`, `1e+16`); `-0.0` keeps its sign;
//! - integers bare (`0`, `2`, `5`), fans `True` / `False`, the label `0` / `1`.
//!
//! ```text
//! ('C02', '2026-12-01 18:45:09', 'P02', 5.4680927674488125, 6.0, 19.1591548276226, 3.196230629740899, 0, 2, 3, 20.20783057215954, 81.37178680447614, 60.711079765317606, 3.7727885059348245, True, True, True, '37.8226902168957', '-122.324895', 0)
//! ```

use std::borrow::Cow;

use super::numbers::{push_coordinate, push_int};
use crate::batch::{validate_record, RecordFields};
use crate::columns::COLUMNS;
use crate::error::FieldError;
use crate::record::TelemetryRecord;

/// Appends a record as the original's tuple text (no quotes around it, no line break).
pub fn write_legacy_tuple(out: &mut Vec<u8>, r: &TelemetryRecord) {
    let text = |out: &mut Vec<u8>, value: &[u8]| {
        out.push(b'\'');
        out.extend_from_slice(value);
        out.extend_from_slice(b"', ");
    };
    let float = |out: &mut Vec<u8>, value: f64| {
        push_python_float(out, value);
        out.extend_from_slice(b", ");
    };
    let int = |out: &mut Vec<u8>, value: u32| {
        push_int(out, value);
        out.extend_from_slice(b", ");
    };
    let flag = |out: &mut Vec<u8>, on: bool| {
        out.extend_from_slice(if on { b"True, " } else { b"False, " });
    };
    out.push(b'(');
    text(out, r.container_id.as_str().as_bytes());
    text(out, &r.measurement_time.to_bytes());
    text(out, r.product.id().as_bytes());
    float(out, r.temperature);
    float(out, r.target_temperature);
    float(out, r.ambiant_temperature);
    float(out, r.kilowatts);
    int(out, r.time_door_open);
    int(out, r.content_type.into());
    int(out, r.defrost_cycle.into());
    float(out, r.oxygen);
    float(out, r.nitrogen);
    float(out, r.humidity);
    float(out, r.carbon_dioxide);
    flag(out, r.fan_1);
    flag(out, r.fan_2);
    flag(out, r.fan_3);
    // Latitude and longitude were strings in the original's tuple; their text is the same
    // shortest round-trip form as the CSV's.
    out.push(b'\'');
    push_coordinate(out, r.latitude);
    out.extend_from_slice(b"', '");
    push_coordinate(out, r.longitude);
    out.extend_from_slice(if r.maintenance_required {
        b"', 1)"
    } else {
        b"', 0)"
    });
}

/// Appends a float as Python's `repr` writes it (see the module docs).
pub fn push_python_float(out: &mut Vec<u8>, value: f64) {
    if !value.is_finite() {
        // Never generated (every record is validated finite); Python's spelling all the same.
        out.extend_from_slice(match value {
            v if v.is_nan() => b"nan",
            v if v > 0.0 => b"inf",
            _ => b"-inf",
        });
        return;
    }
    // The shortest round-trip digits are the same as Python's; only the layout differs.
    let mut buffer = zmij::Buffer::new();
    let shortest = buffer.format(value);
    let (negative, digits, decimal_point) = decompose(shortest);
    if negative {
        out.push(b'-');
    }
    let n = digits.len() as i32;
    if digits.is_empty() {
        out.extend_from_slice(b"0.0");
    } else if decimal_point <= -4 || decimal_point > 16 {
        out.push(digits[0]);
        if n > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        let exponent = decimal_point - 1;
        out.extend_from_slice(if exponent < 0 { b"e-" } else { b"e+" });
        if exponent.abs() < 10 {
            out.push(b'0');
        }
        push_int(out, exponent.unsigned_abs());
    } else if decimal_point <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-decimal_point) as usize));
        out.extend_from_slice(&digits);
    } else if decimal_point >= n {
        out.extend_from_slice(&digits);
        out.extend(std::iter::repeat_n(b'0', (decimal_point - n) as usize));
        out.extend_from_slice(b".0");
    } else {
        let (whole, fraction) = digits.split_at(decimal_point as usize);
        out.extend_from_slice(whole);
        out.push(b'.');
        out.extend_from_slice(fraction);
    }
}

/// Splits a shortest float text (`-1.25e-7`, `0.001`, `6.0`) into its sign, its significant
/// digits without leading or trailing zeros, and the position of the decimal point relative
/// to them (the value is `0.DIGITS × 10^point`). Zero has no digits.
fn decompose(text: &str) -> (bool, Vec<u8>, i32) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let mut point = whole.len() as i32 + exponent;
    let leading = digits.iter().take_while(|d| **d == b'0').count();
    digits.drain(..leading);
    point -= leading as i32;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (negative, digits, point)
}

/// Reads a tuple written by [`write_legacy_tuple`] (or by the original simulator) back into a
/// record, with the same value rules as a record in a batch. The error names the column.
pub fn parse_legacy_tuple(text: &str) -> Result<TelemetryRecord, FieldError> {
    let inner = text
        .trim()
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| FieldError::new("payload", "expected a tuple in parentheses"))?;
    let values: Vec<&str> = inner.split(',').map(str::trim).collect();
    if values.len() != COLUMNS.len() {
        return Err(FieldError::new(
            "payload",
            format!("expected {} values, got {}", COLUMNS.len(), values.len()),
        ));
    }
    let err = |i: usize, what: &str| FieldError::new(COLUMNS[i], format!("expected {what}"));
    let text = |i: usize| -> Result<Cow<'_, str>, FieldError> {
        values[i]
            .strip_prefix('\'')
            .and_then(|v| v.strip_suffix('\''))
            .map(Cow::Borrowed)
            .ok_or_else(|| err(i, "a string in single quotes"))
    };
    let float = |i: usize| -> Result<f64, FieldError> {
        values[i]
            .parse::<f64>()
            .map_err(|_| err(i, "a Python float"))
    };
    let int = |i: usize| -> Result<u32, FieldError> {
        values[i].parse::<u32>().map_err(|_| err(i, "an integer"))
    };
    let small = |i: usize| -> Result<u8, FieldError> {
        values[i].parse::<u8>().map_err(|_| err(i, "an integer"))
    };
    let flag = |i: usize| -> Result<bool, FieldError> {
        match values[i] {
            "True" => Ok(true),
            "False" => Ok(false),
            _ => Err(err(i, "True or False")),
        }
    };
    let fields = RecordFields {
        container_id: text(0)?,
        measurement_time: text(1)?,
        product_id: text(2)?,
        temperature: float(3)?,
        target_temperature: float(4)?,
        ambiant_temperature: float(5)?,
        kilowatts: float(6)?,
        time_door_open: int(7)?,
        content_type: small(8)?,
        defrost_cycle: small(9)?,
        oxygen: float(10)?,
        nitrogen: float(11)?,
        humidity: float(12)?,
        carbon_dioxide: float(13)?,
        fan_1: flag(14)?,
        fan_2: flag(15)?,
        fan_3: flag(16)?,
        latitude: text(17)?,
        longitude: text(18)?,
        maintenance_required: small(19)?,
    };
    validate_record(&fields).map_err(|(field, message)| FieldError::new(field, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GenerationSpec, Generator};

    fn python(value: f64) -> String {
        let mut out = Vec::new();
        push_python_float(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn floats_are_written_as_python_repr_writes_them() {
        // Python 3's repr of each value (a known table: the full comparison against a real
        // Python runs in relay/tests/it/legacy_consumers.rs).
        for (value, repr) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (6.0, "6.0"),
            (-122.324895, "-122.324895"),
            (37.8226902168957, "37.8226902168957"),
            (1e-05, "1e-05"),
            (-3e-05, "-3e-05"),
            (0.0001, "0.0001"),
            (0.00012345, "0.00012345"),
            (1.5e-07, "1.5e-07"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.2345e16, "1.2345e+16"),
            (123456.789, "123456.789"),
            (0.1, "0.1"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (2.5e-5, "2.5e-05"),
            (12.0e100, "1.2e+101"),
        ] {
            assert_eq!(python(value), repr, "{value:e}");
        }
    }

    #[test]
    fn a_record_reads_back_from_its_tuple_exactly() {
        let spec = GenerationSpec::from_fields(
            "C02",
            "P02",
            "poweroff",
            "500",
            "2026-12-01 18:45:00",
            "7",
            "0",
        )
        .unwrap();
        for record in Generator::new(spec) {
            let mut out = Vec::new();
            write_legacy_tuple(&mut out, &record);
            let text = String::from_utf8(out).unwrap();
            assert_eq!(parse_legacy_tuple(&text).unwrap(), record, "{text}");
        }
    }

    #[test]
    fn the_tuple_has_the_originals_shape() {
        let record = parse_legacy_tuple(
            "('C02', '2026-12-01 18:45:09', 'P02', 5.4680927674488125, 6.0, 19.1591548276226, \
             3.196230629740899, 0, 2, 3, 20.20783057215954, 81.37178680447614, \
             60.711079765317606, 3.7727885059348245, True, True, True, '37.8226902168957', \
             '-122.324895', 0)",
        )
        .unwrap();
        let mut out = Vec::new();
        write_legacy_tuple(&mut out, &record);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "('C02', '2026-12-01 18:45:09', 'P02', 5.4680927674488125, 6.0, 19.1591548276226, \
             3.196230629740899, 0, 2, 3, 20.20783057215954, 81.37178680447614, \
             60.711079765317606, 3.7727885059348245, True, True, True, '37.8226902168957', \
             '-122.324895', 0)"
        );
    }

    #[test]
    fn a_bad_tuple_names_its_column() {
        let good = "('C02', '2026-12-01 18:45:09', 'P02', 5.4, 6.0, 19.1, 3.1, 0, 2, 3, 20.2, \
                    81.3, 60.7, 3.7, True, True, True, '37.8226902168957', '-122.324895', 0)";
        assert!(parse_legacy_tuple(good).is_ok());
        for (bad, field) in [
            (good.replace("'P02'", "P02"), "product_id"),
            (good.replace("'P02'", "'P99'"), "product_id"),
            (good.replace("5.4,", "hot,"), "temperature"),
            (good.replace("True, True, True", "True, yes, True"), "fan_2"),
            (good.replace(", 0)", ", 0, 1)"), "payload"),
            (good.replace('(', "["), "payload"),
            (good.replace(" 0, 2,", " -1, 2,"), "time_door_open"),
        ] {
            assert_eq!(parse_legacy_tuple(&bad).unwrap_err().field, field, "{bad}");
        }
    }
}
