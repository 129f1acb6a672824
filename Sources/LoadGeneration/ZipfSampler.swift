import Glibc

/// Draws ranks `1...count` with probability proportional to `1 / rank^exponent`.
///
/// Rejection-inversion sampling (Hörmann and Derflinger, 1996): constant set-up
/// time whatever the key count, and about one `log`/`exp` pair per draw, so a
/// skewed run over millions of keys starts at once and costs no more per request
/// than a uniform one.
public struct ZipfSampler: Sendable {
    public let count: Int
    public let exponent: Double
    @usableFromInline let integralAtOneAndAHalf: Double
    @usableFromInline let integralAtEnd: Double
    @usableFromInline let squeeze: Double

    public init(count: Int, exponent: Double) {
        precondition(count >= 1 && exponent > 0, "zipf needs at least one key and a positive exponent")
        self.count = count
        self.exponent = exponent
        integralAtOneAndAHalf = Self.integral(1.5, exponent) - 1
        integralAtEnd = Self.integral(Double(count) + 0.5, exponent)
        squeeze = 2 - Self.inverseIntegral(Self.integral(2.5, exponent) - Self.density(2, exponent), exponent)
    }

    /// A rank in `1...count`; rank 1 is the most frequent.
    @inlinable public func rank(using random: inout Xoshiro256) -> Int {
        while true {
            let u = integralAtEnd + random.unitInterval() * (integralAtOneAndAHalf - integralAtEnd)
            let x = Self.inverseIntegral(u, exponent)
            var k = (x + 0.5).rounded(.down)
            if k < 1 { k = 1 } else if k > Double(count) { k = Double(count) }
            if k - x <= squeeze || u >= Self.integral(k + 0.5, exponent) - Self.density(k, exponent) {
                return Int(k)
            }
        }
    }

    /// The unnormalised density `x^-exponent`.
    @inlinable static func density(_ x: Double, _ exponent: Double) -> Double {
        exp(-exponent * log(x))
    }

    /// An antiderivative of the density, written so that exponent 1 needs no special case.
    @inlinable static func integral(_ x: Double, _ exponent: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - exponent) * logX) * logX
    }

    @inlinable static func inverseIntegral(_ x: Double, _ exponent: Double) -> Double {
        var t = x * (1 - exponent)
        if t < -1 { t = -1 }  // rounding can push t just past the pole
        return exp(log1pOverX(t) * x)
    }

    /// `log(1 + x) / x`, accurate near 0.
    @inlinable static func log1pOverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }

    /// `(exp(x) - 1) / x`, accurate near 0.
    @inlinable static func expm1OverX(_ x: Double) -> Double {
        abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x))
    }
}
