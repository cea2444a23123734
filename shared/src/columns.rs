//! The record's columns, declared once: name, type, unit, meaning and whether it is a sensor
//! reading (SPEC's record table). The CSV header, the JSON keys, the legacy tuple's order, the
//! Parquet schema, the MongoDB document, the batch schema's field errors, the datasheet, the
//! charts' units and the panel's menus are all read from [`RECORD_COLUMNS`].
//!
//! A new column is a row here and a field of [`TelemetryRecord`] with its arm in
//! [`TelemetryRecord::value`]; what the generator puts in it is physics, in the generator. The
//! encoders that write a record in straight-line code for speed (CSV, JSON, the legacy tuple,
//! Parquet, the canonical batch parser) are each tested to write exactly these columns in
//! this order.
//!
//! `ambiant_temperature` is misspelt on purpose: downstream notebooks, the scoring service and
//! stored data use that name.

use crate::record::TelemetryRecord;
use crate::timestamp::Timestamp;

/// How a column's value is stored and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (ids), written as a string.
    Text,
    /// A [`Timestamp`], `YYYY-MM-DD HH:MM:SS`.
    Time,
    /// A measured value, a float.
    Float,
    /// A count of minutes, an unsigned integer.
    Minutes,
    /// A small code or counter (`u8`).
    Code,
    /// On or off, written `True`/`False` in CSV, `true`/`false` in JSON.
    Flag,
    /// A position in degrees, written as a string (as the original wrote it).
    Coordinate,
    /// The machine-learning label, written 0 or 1.
    Label,
}

impl ColumnType {
    /// Whether the value is a number a chart or a model can use (flags and the label as 0
    /// or 1).
    pub const fn is_numeric(self) -> bool {
        !matches!(self, ColumnType::Text | ColumnType::Time)
    }
}

/// One column of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnInfo {
    /// Its name: the CSV header's, the JSON key, the Parquet and MongoDB field.
    pub name: &'static str,
    /// How it is stored and written.
    pub column_type: ColumnType,
    /// Its unit (`°C`, `kW`, `%`, `min`, …), `""` for an id, a code, a flag or the label.
    pub unit: &'static str,
    /// What it means, in a few words (the datasheet's column table).
    pub meaning: &'static str,
    /// Whether it is a sensor reading: a MongoDB document groups those under `sensors`.
    pub sensor: bool,
}

/// A column of the record, by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // each variant is the column of the same name in RECORD_COLUMNS
pub enum Column {
    ContainerId,
    MeasurementTime,
    ProductId,
    Temperature,
    TargetTemperature,
    AmbiantTemperature,
    Kilowatts,
    TimeDoorOpen,
    ContentType,
    DefrostCycle,
    OxygenLevel,
    NitrogenLevel,
    HumidityLevel,
    CarbonDioxideLevel,
    Fan1,
    Fan2,
    Fan3,
    Latitude,
    Longitude,
    MaintenanceRequired,
}

const fn column(
    name: &'static str,
    column_type: ColumnType,
    unit: &'static str,
    meaning: &'static str,
    sensor: bool,
) -> ColumnInfo {
    ColumnInfo {
        name,
        column_type,
        unit,
        meaning,
        sensor,
    }
}

/// Every column of the record, in order (SPEC's record table): name, type, unit, meaning,
/// and whether it is a sensor reading.
#[rustfmt::skip]
pub const RECORD_COLUMNS: [ColumnInfo; 20] = {
    use ColumnType::*;
    [
        column("container_id", Text, "", "the container that sent the reading", false),
        column("measurement_time", Time, "UTC", "when the reading was taken", false),
        column("product_id", Text, "", "what the container carries (`P01`…`P05`)", false),
        column("temperature", Float, "°C", "cargo temperature", true),
        column("target_temperature", Float, "°C", "setpoint of the product", true),
        column("ambiant_temperature", Float, "°C", "outside air (the original's spelling)", true),
        column("kilowatts", Float, "kW", "power drawn by the unit; 0 without power", true),
        column("time_door_open", Minutes, "min", "minutes the door was open", true),
        column("content_type", Code, "", "the product's content type, 1 or 2", true),
        column("defrost_cycle", Code, "", "defrost cycle counter", true),
        column("oxygen_level", Float, "%", "O2 in the box", true),
        column("nitrogen_level", Float, "%", "N2 in the box", true),
        column("humidity_level", Float, "%", "relative humidity in the box", true),
        column("carbon_dioxide_level", Float, "%", "CO2 in the box", true),
        column("fan_1", Flag, "", "whether the evaporator fan runs", true),
        column("fan_2", Flag, "", "whether the evaporator fan runs", true),
        column("fan_3", Flag, "", "whether the evaporator fan runs", true),
        column("latitude", Coordinate, "° N", "position", false),
        column("longitude", Coordinate, "° E", "position", false),
        column("maintenance_required", Label, "", "the label: maintenance is required", false),
    ]
};

impl Column {
    /// Every column, in order.
    pub const ALL: [Column; 20] = [
        Column::ContainerId,
        Column::MeasurementTime,
        Column::ProductId,
        Column::Temperature,
        Column::TargetTemperature,
        Column::AmbiantTemperature,
        Column::Kilowatts,
        Column::TimeDoorOpen,
        Column::ContentType,
        Column::DefrostCycle,
        Column::OxygenLevel,
        Column::NitrogenLevel,
        Column::HumidityLevel,
        Column::CarbonDioxideLevel,
        Column::Fan1,
        Column::Fan2,
        Column::Fan3,
        Column::Latitude,
        Column::Longitude,
        Column::MaintenanceRequired,
    ];

    /// Its row of [`RECORD_COLUMNS`].
    pub const fn info(self) -> &'static ColumnInfo {
        &RECORD_COLUMNS[self as usize]
    }

    /// Its name.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// The column of this name, if the record has one.
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// The columns' names, in order: the CSV header's and the JSON keys.
pub const COLUMNS: [&str; 20] = {
    let mut names = [""; 20];
    let mut i = 0;
    while i < names.len() {
        names[i] = RECORD_COLUMNS[i].name;
        i += 1;
    }
    names
};

/// How many sensor columns there are.
const SENSOR_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < RECORD_COLUMNS.len() {
        if RECORD_COLUMNS[i].sensor {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The columns that are sensor readings, in order: a MongoDB document groups them under
/// `sensors`, as SPEC's MongoDB interface asks.
pub const SENSOR_COLUMNS: [&str; SENSOR_COUNT] = {
    let mut names = [""; SENSOR_COUNT];
    let (mut i, mut n) = (0, 0);
    while i < RECORD_COLUMNS.len() {
        if RECORD_COLUMNS[i].sensor {
            names[n] = RECORD_COLUMNS[i].name;
            n += 1;
        }
        i += 1;
    }
    names
};

/// The length of the CSV header line: the names, a comma between each two, a line break.
const HEADER_LEN: usize = {
    let mut n = RECORD_COLUMNS.len();
    let mut i = 0;
    while i < RECORD_COLUMNS.len() {
        n += RECORD_COLUMNS[i].name.len();
        i += 1;
    }
    n
};

const HEADER_BYTES: [u8; HEADER_LEN] = {
    let mut out = [0u8; HEADER_LEN];
    let (mut i, mut at) = (0, 0);
    while i < RECORD_COLUMNS.len() {
        let name = RECORD_COLUMNS[i].name.as_bytes();
        let mut j = 0;
        while j < name.len() {
            out[at] = name[j];
            at += 1;
            j += 1;
        }
        out[at] = if i + 1 < RECORD_COLUMNS.len() {
            b','
        } else {
            b'\n'
        };
        at += 1;
        i += 1;
    }
    out
};

/// The CSV header line, with its line break: the names joined by commas.
pub const CSV_HEADER: &str = match core::str::from_utf8(&HEADER_BYTES) {
    Ok(header) => header,
    Err(_) => panic!("column names are ASCII"),
};

/// Room for the longest `,"name":` key.
const KEY_CAPACITY: usize = 32;

/// A column's JSON key as a member after the first of an object: `,"name":`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonKey {
    bytes: [u8; KEY_CAPACITY],
    len: usize,
}

impl JsonKey {
    const fn of(name: &str) -> Self {
        let name = name.as_bytes();
        assert!(name.len() + 4 <= KEY_CAPACITY, "a column name too long");
        let mut bytes = [0u8; KEY_CAPACITY];
        bytes[0] = b',';
        bytes[1] = b'"';
        let mut i = 0;
        while i < name.len() {
            bytes[i + 2] = name[i];
            i += 1;
        }
        bytes[name.len() + 2] = b'"';
        bytes[name.len() + 3] = b':';
        Self {
            bytes,
            len: name.len() + 4,
        }
    }

    /// `,"name":`, a member after the first.
    pub const fn after_first(&self) -> &[u8] {
        self.bytes.split_at(self.len).0
    }

    /// `"name":`, the first member.
    pub const fn first(&self) -> &[u8] {
        self.after_first().split_at(1).1
    }
}

/// Each column's JSON key, in order.
pub const JSON_KEYS: [JsonKey; 20] = {
    let mut keys = [JsonKey {
        bytes: [0; KEY_CAPACITY],
        len: 0,
    }; 20];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = JsonKey::of(RECORD_COLUMNS[i].name);
        i += 1;
    }
    keys
};

impl Column {
    /// Its JSON key after the first member of an object: `,"name":`.
    pub const fn json_key(self) -> &'static [u8] {
        JSON_KEYS[self as usize].after_first()
    }
}

/// A column's value in one record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// [`ColumnType::Text`].
    Text(&'a str),
    /// [`ColumnType::Time`].
    Time(Timestamp),
    /// [`ColumnType::Float`] and [`ColumnType::Coordinate`].
    Float(f64),
    /// [`ColumnType::Minutes`].
    Minutes(u32),
    /// [`ColumnType::Code`].
    Code(u8),
    /// [`ColumnType::Flag`] and [`ColumnType::Label`].
    Flag(bool),
}

impl Value<'_> {
    /// The value as a number (flags as 0 or 1); `None` for text and times.
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Text(_) | Value::Time(_) => None,
            Value::Float(v) => Some(v),
            Value::Minutes(v) => Some(f64::from(v)),
            Value::Code(v) => Some(f64::from(v)),
            Value::Flag(on) => Some(if on { 1.0 } else { 0.0 }),
        }
    }
}

impl TelemetryRecord {
    /// The value of `column` in this record.
    pub fn value(&self, column: Column) -> Value<'_> {
        match column {
            Column::ContainerId => Value::Text(self.container_id.as_str()),
            Column::MeasurementTime => Value::Time(self.measurement_time),
            Column::ProductId => Value::Text(self.product.id()),
            Column::Temperature => Value::Float(self.temperature),
            Column::TargetTemperature => Value::Float(self.target_temperature),
            Column::AmbiantTemperature => Value::Float(self.ambiant_temperature),
            Column::Kilowatts => Value::Float(self.kilowatts),
            Column::TimeDoorOpen => Value::Minutes(self.time_door_open),
            Column::ContentType => Value::Code(self.content_type),
            Column::DefrostCycle => Value::Code(self.defrost_cycle),
            Column::OxygenLevel => Value::Float(self.oxygen),
            Column::NitrogenLevel => Value::Float(self.nitrogen),
            Column::HumidityLevel => Value::Float(self.humidity),
            Column::CarbonDioxideLevel => Value::Float(self.carbon_dioxide),
            Column::Fan1 => Value::Flag(self.fan_1),
            Column::Fan2 => Value::Flag(self.fan_2),
            Column::Fan3 => Value::Flag(self.fan_3),
            Column::Latitude => Value::Float(self.latitude),
            Column::Longitude => Value::Float(self.longitude),
            Column::MaintenanceRequired => Value::Flag(self.maintenance_required),
        }
    }

    /// The value of a numeric column by its name (fans and the label as 0 or 1); `None` for
    /// the text columns and unknown names. For charts and models.
    pub fn numeric(&self, column: &str) -> Option<f64> {
        Column::named(column).and_then(|c| self.value(c).number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enum_and_the_table_agree() {
        for (i, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(column as usize, i);
            assert_eq!(Column::named(column.name()), Some(column));
        }
        assert_eq!(Column::named("humidity"), None);
    }

    #[test]
    fn json_keys_are_the_names_quoted() {
        assert_eq!(Column::HumidityLevel.json_key(), b",\"humidity_level\":");
        assert_eq!(JSON_KEYS[0].first(), b"\"container_id\":");
    }

    #[test]
    fn the_header_is_the_names_joined() {
        assert_eq!(CSV_HEADER, format!("{}\n", COLUMNS.join(",")));
        assert!(CSV_HEADER.starts_with("container_id,measurement_time,product_id,temperature,"));
        assert!(CSV_HEADER.ends_with(",latitude,longitude,maintenance_required\n"));
    }

    #[test]
    fn the_sensor_columns_are_the_columns_from_temperature_to_fan_3() {
        assert_eq!(SENSOR_COLUMNS[..], COLUMNS[3..17]);
    }

    #[test]
    fn every_value_has_its_columns_type() {
        let spec = crate::GenerationSpec::example("co2sensor", 1, 1);
        let r = crate::Generator::new(spec).next().unwrap();
        for column in Column::ALL {
            let ok = matches!(
                (column.info().column_type, r.value(column)),
                (ColumnType::Text, Value::Text(_))
                    | (ColumnType::Time, Value::Time(_))
                    | (ColumnType::Float | ColumnType::Coordinate, Value::Float(_))
                    | (ColumnType::Minutes, Value::Minutes(_))
                    | (ColumnType::Code, Value::Code(_))
                    | (ColumnType::Flag | ColumnType::Label, Value::Flag(_))
            );
            assert!(ok, "{column:?}");
            assert_eq!(
                r.numeric(column.name()).is_some(),
                column.info().column_type.is_numeric(),
                "{column:?}"
            );
        }
        assert_eq!(r.numeric("temperature"), Some(r.temperature));
    }
}
