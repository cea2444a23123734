//! Logistic regression by full-batch gradient descent on standardised features, the classes
//! weighted equally (faults are rare): the simple model the learnability tests train.

/// A fitted model.
pub struct Logistic {
    mean: Vec<f64>,
    scale: Vec<f64>,
    weights: Vec<f64>,
}

impl Logistic {
    /// The model of labels `y` on feature vectors `x` (all of one length).
    pub fn fit(x: &[Vec<f64>], y: &[bool]) -> Self {
        let y: Vec<f64> = y.iter().map(|&l| f64::from(u8::from(l))).collect();
        let d = x[0].len();
        let n = x.len() as f64;
        let mean: Vec<f64> = (0..d)
            .map(|j| x.iter().map(|v| v[j]).sum::<f64>() / n)
            .collect();
        let scale: Vec<f64> = (0..d)
            .map(|j| {
                let var = x.iter().map(|v| (v[j] - mean[j]).powi(2)).sum::<f64>() / n;
                var.sqrt().max(1e-9)
            })
            .collect();
        let z: Vec<Vec<f64>> = x
            .iter()
            .map(|v| (0..d).map(|j| (v[j] - mean[j]) / scale[j]).collect())
            .collect();
        let positives = y.iter().sum::<f64>().max(1.0);
        let class_weight = |label: f64| {
            if label > 0.5 {
                n / (2.0 * positives)
            } else {
                n / (2.0 * (n - positives).max(1.0))
            }
        };
        let mut weights = vec![0.0; d + 1];
        for _ in 0..300 {
            let mut gradient = vec![0.0; d + 1];
            for (v, &label) in z.iter().zip(&y) {
                let error = (sigmoid(dot(&weights, v)) - label) * class_weight(label);
                for j in 0..d {
                    gradient[j] += error * v[j];
                }
                gradient[d] += error;
            }
            for (w, g) in weights.iter_mut().zip(&gradient) {
                *w -= 2.0 * g / n;
            }
        }
        Self {
            mean,
            scale,
            weights,
        }
    }

    /// Whether the model flags a row with features `x`.
    pub fn predict(&self, x: &[f64]) -> bool {
        let z: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(j, v)| (v - self.mean[j]) / self.scale[j])
            .collect();
        dot(&self.weights, &z) > 0.0
    }
}

fn dot(weights: &[f64], z: &[f64]) -> f64 {
    z.iter().zip(weights).map(|(a, b)| a * b).sum::<f64>() + weights[z.len()]
}

fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}
