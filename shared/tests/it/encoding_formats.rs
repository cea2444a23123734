//! The encoders, read back with independent parsers (the `csv` crate and `serde_json`).

use crate::common;

use common::{encode, records, spec};
use reefer_shared::columns::COLUMNS;
use reefer_shared::encoding::{write_kafka_event, Format, CSV_HEADER};
use reefer_shared::{Product, Simulation};
use serde_json::Value;

#[test]
fn zero_records_write_only_the_header() {
    let out = encode(
        spec("C01", Product::P01, Simulation::Normal, 0, 1),
        Format::Csv,
        10,
    );
    assert_eq!(out, CSV_HEADER.as_bytes());
    let out = encode(
        spec("C01", Product::P01, Simulation::Normal, 0, 1),
        Format::JsonLines,
        10,
    );
    assert!(out.is_empty());
}

#[test]
fn csv_reads_back_to_the_exact_values() {
    let spec = spec("reefer-7.b_2", Product::P04, Simulation::PowerOff, 2000, 77);
    let out = encode(spec, Format::Csv, 333);
    let expected = records(spec);
    let mut reader = csv::Reader::from_reader(&out[..]);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, r) in rows.iter().zip(&expected) {
        assert_eq!(row.len(), 20);
        let f = |i: usize| row[i].parse::<f64>().unwrap();
        assert_eq!(&row[0], "reefer-7.b_2");
        assert_eq!(row[1], r.measurement_time.to_string());
        assert_eq!(&row[2], "P04");
        assert_eq!(f(3), r.temperature);
        assert_eq!(&row[4], "6.0");
        assert_eq!(f(5), r.ambiant_temperature);
        assert_eq!(f(6), r.kilowatts);
        assert_eq!(&row[7], "0");
        assert_eq!(&row[8], "2");
        assert_eq!(row[9].parse::<u8>().unwrap(), r.defrost_cycle);
        assert_eq!(
            [f(10), f(11), f(12), f(13)],
            [r.oxygen, r.nitrogen, r.humidity, r.carbon_dioxide]
        );
        let fan = if r.fan_1 { "True" } else { "False" };
        assert_eq!([&row[14], &row[15], &row[16]], [fan; 3]);
        assert_eq!(&row[17], "37.8226902168957");
        assert_eq!(&row[18], "-122.324895");
        assert_eq!(&row[19], if r.maintenance_required { "1" } else { "0" });
        // Every float keeps a decimal point (or exponent), as `6.0` does.
        for i in [3, 4, 5, 6, 10, 11, 12, 13] {
            assert!(row[i].contains(['.', 'e']), "{}", &row[i]);
        }
    }
    assert!(rows
        .iter()
        .any(|row| &row[6] == "0.0" && &row[14] == "False"));
}

#[test]
fn json_lines_carry_the_csv_columns_with_json_types() {
    let spec = spec("C02", Product::P02, Simulation::Co2Sensor, 500, 8);
    let out = encode(spec, Format::JsonLines, 64);
    let text = String::from_utf8(out).unwrap();
    let expected = records(spec);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 500);
    for (line, r) in lines.iter().zip(&expected) {
        let v: Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>().len(), 20);
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let mut sorted_columns = COLUMNS.to_vec();
        sorted_columns.sort_unstable();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        assert_eq!(sorted_keys, sorted_columns);
        assert_eq!(v["container_id"], "C02");
        assert_eq!(v["measurement_time"], r.measurement_time.to_string());
        assert_eq!(
            v["carbon_dioxide_level"].as_f64().unwrap(),
            r.carbon_dioxide
        );
        assert_eq!(v["target_temperature"].as_f64().unwrap(), 6.0);
        assert_eq!(v["fan_2"], Value::Bool(r.fan_2));
        assert_eq!(v["latitude"], "37.8226902168957");
        assert_eq!(v["longitude"], "-122.324895");
        assert_eq!(v["maintenance_required"], u8::from(r.maintenance_required));
        assert_eq!(v["defrost_cycle"], r.defrost_cycle);
    }
    // Field order follows the columns, as in the CSV.
    let first = lines[0];
    let positions: Vec<usize> = COLUMNS
        .iter()
        .map(|c| first.find(&format!("\"{c}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn kafka_event_wraps_the_record_as_spec_says() {
    let r = records(spec("C03", Product::P05, Simulation::O2Sensor, 1, 2))[0];
    let mut out = Vec::new();
    write_kafka_event(&mut out, &r);
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["containerID"], "C03");
    assert_eq!(v["timestamp"], "2026-01-01 00:00:00");
    assert_eq!(v["type"], "ReeferTelemetries");
    assert_eq!(v["payload"]["product_id"], "P05");
    assert_eq!(v["payload"]["oxygen_level"].as_f64().unwrap(), r.oxygen);
    assert_eq!(v.as_object().unwrap().len(), 4);
}

#[test]
fn the_chunk_size_never_changes_the_bytes() {
    let spec = spec("C01", Product::P01, Simulation::PowerOff, 1234, 5);
    for format in [Format::Csv, Format::JsonLines] {
        let whole = encode(spec, format, usize::MAX);
        for chunk in [1, 7, 100, 1233, 1234, 5000] {
            assert_eq!(encode(spec, format, chunk), whole);
        }
    }
}

#[test]
fn ground_truth_adds_five_columns_to_csv_and_five_fields_to_json_lines_and_events() {
    use reefer_shared::encoding::{EncodedChunks, TRUTH_COLUMNS};
    let spec = common::spec("C02", Product::P02, Simulation::PowerFailure, 500, 3);
    for format in [Format::Csv, Format::JsonLines] {
        let mut plain = Vec::new();
        let mut chunks = EncodedChunks::new(spec, format, true);
        while chunks.next_chunk(&mut plain, 64) > 0 {}
        let mut truth = Vec::new();
        let mut chunks = EncodedChunks::new(spec, format, true).with_ground_truth();
        while chunks.next_chunk(&mut truth, 64) > 0 {}
        let plain = String::from_utf8(plain).unwrap();
        let truth = String::from_utf8(truth).unwrap();
        assert_eq!(plain.lines().count(), truth.lines().count());
        for (a, b) in plain.lines().zip(truth.lines()) {
            match format {
                // The record's own columns come first, unchanged.
                Format::Csv => {
                    assert!(b.starts_with(a));
                    assert_eq!(b.split(',').count(), a.split(',').count() + 5);
                }
                Format::JsonLines => {
                    let value: serde_json::Value = serde_json::from_str(b).unwrap();
                    let object = value.as_object().unwrap();
                    assert_eq!(object.len(), 25);
                    assert!(TRUTH_COLUMNS.iter().all(|c| object.contains_key(*c)));
                    assert!(b.starts_with(&a[..a.len() - 1]));
                }
            }
        }
    }
    // A Kafka event carries the same fields at the end of its payload.
    let mut generator = reefer_shared::Generator::new(spec);
    let truth = generator.ground_truth();
    let mut jsonl = Vec::new();
    let mut chunks = EncodedChunks::new(spec, Format::JsonLines, true).with_ground_truth();
    while chunks.next_chunk(&mut jsonl, 64) > 0 {}
    for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let record = generator.next().unwrap();
        let mut event = Vec::new();
        reefer_shared::encoding::write_kafka_event_with_truth(
            &mut event,
            &record,
            None,
            Some(&truth.of(generator.last_delivered())),
        );
        let event: serde_json::Value = serde_json::from_slice(&event).unwrap();
        let line: serde_json::Value = serde_json::from_slice(line).unwrap();
        assert_eq!(event["payload"], line);
    }
}
