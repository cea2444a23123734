//! The CSV encoding, byte-compatible with the original tool's columns.

use super::numbers::{push_coordinate, push_float, push_int};
use crate::record::{TelemetryRecord, DEFAULT_LATITUDE, DEFAULT_LONGITUDE};

const FANS_ON_AT_DEFAULT_PLACE: &[u8] = b"True,True,True,37.8226902168957,-122.324895";
const FANS_OFF_AT_DEFAULT_PLACE: &[u8] = b"False,False,False,37.8226902168957,-122.324895";

/// SPEC's header line, with its line break: the record's column names ([`crate::columns`]).
pub use crate::columns::CSV_HEADER;

/// Appends [`CSV_HEADER`].
pub fn write_csv_header(out: &mut Vec<u8>) {
    out.extend_from_slice(CSV_HEADER.as_bytes());
}

/// Appends `columns` to the CSV header line that ends the buffer (the ground truth's, the
/// `rcm` profile's).
pub fn extend_csv_header(out: &mut Vec<u8>, columns: &[&str]) {
    if out.last() == Some(&b'\n') {
        out.pop();
        for column in columns {
            out.push(b',');
            out.extend_from_slice(column.as_bytes());
        }
        out.push(b'\n');
    }
}

/// Appends one record as a CSV line (fans `True`/`False` as pandas wrote them, label 0/1).
#[inline]
pub fn write_csv_record(out: &mut Vec<u8>, r: &TelemetryRecord) {
    let fan = |on: bool| if on { &b"True,"[..] } else { &b"False,"[..] };
    out.extend_from_slice(r.container_id.as_str().as_bytes());
    out.push(b',');
    out.extend_from_slice(&r.measurement_time.to_bytes());
    out.push(b',');
    out.extend_from_slice(r.product.id().as_bytes());
    for value in [
        r.temperature,
        r.target_temperature,
        r.ambiant_temperature,
        r.kilowatts,
    ] {
        out.push(b',');
        push_float(out, value);
    }
    out.push(b',');
    push_int(out, r.time_door_open);
    out.push(b',');
    push_int(out, r.content_type);
    out.push(b',');
    push_int(out, r.defrost_cycle);
    for value in [r.oxygen, r.nitrogen, r.humidity, r.carbon_dioxide] {
        out.push(b',');
        push_float(out, value);
    }
    out.push(b',');
    let default_place = r.latitude == DEFAULT_LATITUDE && r.longitude == DEFAULT_LONGITUDE;
    match (r.fan_1, r.fan_2, r.fan_3, default_place) {
        // The common tails, written in one copy (the generator's fixed position).
        (true, true, true, true) => out.extend_from_slice(FANS_ON_AT_DEFAULT_PLACE),
        (false, false, false, true) => out.extend_from_slice(FANS_OFF_AT_DEFAULT_PLACE),
        (fan_1, fan_2, fan_3, _) => {
            // Each arm a copy of a constant length (a voyage's rows, fans on or all off).
            match (fan_1, fan_2, fan_3) {
                (true, true, true) => out.extend_from_slice(b"True,True,True,"),
                (false, false, false) => out.extend_from_slice(b"False,False,False,"),
                _ => {
                    out.extend_from_slice(fan(fan_1));
                    out.extend_from_slice(fan(fan_2));
                    out.extend_from_slice(fan(fan_3));
                }
            }
            push_coordinate(out, r.latitude);
            out.push(b',');
            push_coordinate(out, r.longitude);
        }
    }
    out.extend_from_slice(if r.maintenance_required {
        b",1\n"
    } else {
        b",0\n"
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::columns::COLUMNS;

    #[test]
    fn header_is_the_spec_columns_in_order() {
        assert_eq!(CSV_HEADER, format!("{}\n", COLUMNS.join(",")));
    }

    #[test]
    fn a_line_has_a_field_for_every_column() {
        let spec = crate::GenerationSpec::example("poweroff", 50, 3);
        for record in crate::Generator::new(spec) {
            let mut line = Vec::new();
            write_csv_record(&mut line, &record);
            let text = String::from_utf8(line).unwrap();
            assert_eq!(text.trim_end().split(',').count(), COLUMNS.len(), "{text}");
        }
    }
}
