//! Quartiles and Tukey's fences, as the methodology computes them: Hyndman and Fan's type 8
//! quantile (median-unbiased; R's `quantile(type = 8)`), which Cardinal takes from statrs. The
//! usual linear interpolation (type 7) flags other processes on small samples.

/// The `tau` quantile (0 ≤ tau ≤ 1) of `values`; `None` when there are none.
pub fn quantile(values: &[f64], tau: f64) -> Option<f64> {
    if values.is_empty() || !(0.0..=1.0).contains(&tau) {
        return None;
    }
    let mut x = values.to_vec();
    x.sort_by(f64::total_cmp);
    Some(quantile_sorted(&x, tau))
}

fn quantile_sorted(x: &[f64], tau: f64) -> f64 {
    let n = x.len() as f64;
    let h = (n + 1.0 / 3.0) * tau + 1.0 / 3.0;
    let hf = h.trunc();
    if hf <= 0.0 || tau == 0.0 {
        return x[0];
    }
    if hf >= n || tau == 1.0 {
        return x[x.len() - 1];
    }
    let i = hf as usize;
    x[i - 1] + (h - hf) * (x[i] - x[i - 1])
}

/// First and third quartiles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quartiles {
    pub q1: f64,
    pub q3: f64,
}

impl Quartiles {
    pub fn of(values: &[f64]) -> Option<Quartiles> {
        if values.is_empty() {
            return None;
        }
        let mut x = values.to_vec();
        x.sort_by(f64::total_cmp);
        Some(Quartiles {
            q1: quantile_sorted(&x, 0.25),
            q3: quantile_sorted(&x, 0.75),
        })
    }

    /// Q1 − 1.5 × IQR: at or below it, a value is a low outlier.
    pub fn lower_fence(&self) -> f64 {
        (self.q3 - self.q1).mul_add(-1.5, self.q1)
    }

    /// Q3 + 1.5 × IQR: at or above it, a value is a high outlier.
    pub fn upper_fence(&self) -> f64 {
        (self.q3 - self.q1).mul_add(1.5, self.q3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn type_eight_reference_values() {
        // (values, q1, q3, lower fence, upper fence), from the methodology's worked examples.
        let cases: &[(&[f64], f64, f64, f64, f64)] = &[
            (
                &[1.0, 99.0, 99.0, 99.0, 99.0],
                66.3333,
                99.0,
                17.3333,
                148.0,
            ),
            (&[99.0, 1.0, 1.0, 1.0, 1.0], 1.0, 33.6667, -48.0, 82.6667),
            (&[100.0, 0.0, 0.0, 0.0, 0.0], 0.0, 33.3333, -50.0, 83.3333),
            (
                &[1.0 / 6.0, 1.0, 1.0, 1.0, 1.0, 1.0],
                0.930556,
                1.0,
                0.826389,
                1.104167,
            ),
            (&[0.5], 0.5, 0.5, 0.5, 0.5),
            (&[2.0, 1.0, 1.0, 1.0, 1.0], 1.0, 1.3333, 0.5, 1.8333),
        ];
        for (values, q1, q3, lower, upper) in cases {
            let q = Quartiles::of(values).expect("values");
            assert!(close(q.q1, *q1) && close(q.q3, *q3), "{values:?}: {q:?}");
            assert!(close(q.lower_fence(), *lower), "{values:?}");
            assert!(close(q.upper_fence(), *upper), "{values:?}");
        }
        let nine = [0.0, 0.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0];
        let q = Quartiles::of(&nine).expect("values");
        assert!(close(q.q1, 66.6667) && close(q.lower_fence(), 16.6667));
        let p75 = quantile(&[6.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.75).expect("values");
        assert!(close(p75, 1.416667), "{p75}");
        assert_eq!(Quartiles::of(&[]), None);
    }
}
