namespace TensorLogic.Bench;

/// <summary>
/// The planner cases computed the way an einsum reads when nothing plans it: one loop nest over every
/// index, multiplying all factors in the innermost loop. Their time against the engine's is what
/// contraction planning buys. Plain C#, double precision, one thread, no tricks beyond hoisting row offsets.
/// </summary>
public static class NaiveLoops
{
    /// <summary><c>Out[p, q, r, s] = Σ_ijkl A[p, i] B[q, j] T[i, j, k, l] C[r, k] D[s, l]</c>: N⁸ iterations.</summary>
    public static NaiveLoop FiveFactors(int n) => inputs =>
    {
        double[] a = inputs["A"], b = inputs["B"], t = inputs["T"], c = inputs["C"], d = inputs["D"];
        var result = new double[n * n * n * n];
        for (var p = 0; p < n; p++)
        for (var q = 0; q < n; q++)
        for (var r = 0; r < n; r++)
        for (var s = 0; s < n; s++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            for (var k = 0; k < n; k++)
            for (var l = 0; l < n; l++)
                sum += a[p * n + i] * b[q * n + j] * t[((i * n + j) * n + k) * n + l] * c[r * n + k] * d[s * n + l];
            result[((p * n + q) * n + r) * n + s] = sum;
        }
        return result;
    };

    /// <summary><c>Out = Σ_abcdef A[a, b, c] B[c, f, d] C[d, b, e] D[e, f, a]</c>: N⁶ iterations.</summary>
    public static NaiveLoop Scalar(int n) => inputs =>
    {
        double[] ta = inputs["A"], tb = inputs["B"], tc = inputs["C"], td = inputs["D"];
        int At(int x, int y, int z) => (x * n + y) * n + z;
        var sum = 0.0;
        for (var a = 0; a < n; a++)
        for (var b = 0; b < n; b++)
        for (var c = 0; c < n; c++)
        for (var d = 0; d < n; d++)
        for (var e = 0; e < n; e++)
        for (var f = 0; f < n; f++)
            sum += ta[At(a, b, c)] * tb[At(c, f, d)] * tc[At(d, b, e)] * td[At(e, f, a)];
        return [sum];
    };
}
