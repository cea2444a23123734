//! The products a reefer carries (SPEC's product table) and what each expects.

/// One of the five demo products, P01–P05.
///
/// Each fixes the container's target temperature, the humidity it keeps and the
/// `content_type` written in every record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Product {
    /// P01 Carrots: type 1, 4 °C, 40 % humidity.
    P01,
    /// P02 Banana: type 2, 6 °C, 60 % humidity (the original tool's default).
    P02,
    /// P03 Salad: type 1, 4 °C, 40 % humidity.
    P03,
    /// P04 Avocado: type 2, 6 °C, 40 % humidity.
    P04,
    /// P05 Tomato: type 1, 5 °C, 40 % humidity.
    P05,
}

impl Product {
    /// Every product, in id order.
    pub const ALL: [Product; 5] = [
        Product::P01,
        Product::P02,
        Product::P03,
        Product::P04,
        Product::P05,
    ];

    /// The id written in `product_id`, e.g. `"P02"`.
    pub const fn id(self) -> &'static str {
        match self {
            Product::P01 => "P01",
            Product::P02 => "P02",
            Product::P03 => "P03",
            Product::P04 => "P04",
            Product::P05 => "P05",
        }
    }

    /// The product's name, e.g. `"Banana"`.
    pub const fn name(self) -> &'static str {
        match self {
            Product::P01 => "Carrots",
            Product::P02 => "Banana",
            Product::P03 => "Salad",
            Product::P04 => "Avocado",
            Product::P05 => "Tomato",
        }
    }

    /// The `content_type` column.
    pub const fn content_type(self) -> u8 {
        match self {
            Product::P01 | Product::P03 | Product::P05 => 1,
            Product::P02 | Product::P04 => 2,
        }
    }

    /// The target temperature in °C: the `target_temperature` column and the mean of `temperature`.
    pub const fn target_temperature(self) -> f64 {
        match self {
            Product::P01 | Product::P03 => 4.0,
            Product::P02 | Product::P04 => 6.0,
            Product::P05 => 5.0,
        }
    }

    /// The mean of the humidity column, in %.
    pub const fn humidity(self) -> f64 {
        match self {
            Product::P02 => 60.0,
            _ => 40.0,
        }
    }
}

impl Default for Product {
    /// P02, as in the original tool.
    fn default() -> Self {
        Product::P02
    }
}

crate::named_values! { Product {
    what: "product",
    expected: "expected one of P01 (Carrots), P02 (Banana), P03 (Salad), P04 (Avocado), P05 (Tomato)",
    all: &Self::ALL,
    text: id
} }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_the_spec_table() {
        let table: Vec<_> = Product::ALL
            .iter()
            .map(|p| {
                (
                    p.id(),
                    p.name(),
                    p.content_type(),
                    p.target_temperature(),
                    p.humidity(),
                )
            })
            .collect();
        assert_eq!(
            table,
            vec![
                ("P01", "Carrots", 1, 4.0, 40.0),
                ("P02", "Banana", 2, 6.0, 60.0),
                ("P03", "Salad", 1, 4.0, 40.0),
                ("P04", "Avocado", 2, 6.0, 40.0),
                ("P05", "Tomato", 1, 5.0, 40.0),
            ]
        );
    }

    #[test]
    fn parses_ids_and_rejects_others_with_the_list() {
        assert_eq!("P04".parse::<Product>(), Ok(Product::P04));
        assert_eq!(" p01 ".parse::<Product>(), Ok(Product::P01));
        let err = "P06".parse::<Product>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"P06\" is not a valid product: expected one of P01 (Carrots), P02 (Banana), P03 (Salad), P04 (Avocado), P05 (Tomato)"
        );
    }
}
