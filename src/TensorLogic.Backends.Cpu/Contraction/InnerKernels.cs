using System.Numerics;
using System.Numerics.Tensors;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>
/// The innermost loop of a <see cref="StridedLoop{T}"/>: one line of <c>o (+)= alpha · a · b</c>.
/// <see cref="InnerKind"/> names the stride pattern; the contiguous ones run on SIMD
/// (<see cref="TensorPrimitives"/>, which uses the widest vectors the machine has), the rest are a plain loop.
/// </summary>
internal enum InnerKind
{
    /// <summary>Any strides: <c>o[i·so] (+)= alpha · a[i·sa] · b[i·sb]</c>, or a sum into o[0] when so = 0.</summary>
    General,

    /// <summary>All unit strides: an element-wise product, <c>Y[i] = A[i] B[i]</c>.</summary>
    Elementwise,

    /// <summary>o and a unit, b fixed: <c>o += (alpha·b) · a</c> (an outer-product row, a copy or a scaled copy).</summary>
    AxpyA,

    /// <summary>o and b unit, a fixed.</summary>
    AxpyB,

    /// <summary>o fixed, a and b unit: a dot product.</summary>
    Dot,

    /// <summary>o and b fixed, a unit: a sum of a times b (a reduction).</summary>
    SumA,

    /// <summary>o and a fixed, b unit.</summary>
    SumB,
}

internal static unsafe class InnerKernels<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static InnerKind Classify(long o, long a, long b) => (o, a, b) switch
    {
        (1, 1, 1) => InnerKind.Elementwise,
        (1, 1, 0) => InnerKind.AxpyA,
        (1, 0, 1) => InnerKind.AxpyB,
        (0, 1, 1) => InnerKind.Dot,
        (0, 1, 0) => InnerKind.SumA,
        (0, 0, 1) => InnerKind.SumB,
        _ => InnerKind.General,
    };

    /// <summary>How well a dimension serves as the innermost loop: contiguous patterns first.</summary>
    public static int Score(InnerKind kind) => kind switch
    {
        InnerKind.Elementwise or InnerKind.AxpyA or InnerKind.AxpyB => 2,
        InnerKind.Dot or InnerKind.SumA or InnerKind.SumB => 1,
        _ => 0,
    };

    /// <summary>One line. <paramref name="assign"/> overwrites o instead of adding (only when so ≠ 0 or n = 1).</summary>
    public static void Run(InnerKind kind, int n, T* o, long so, T* a, long sa, T* b, long sb, T alpha, bool assign)
    {
        switch (kind)
        {
            case InnerKind.Elementwise:
                Elementwise(n, o, a, b, alpha, assign);
                break;
            case InnerKind.AxpyA:
                Axpy(n, o, a, alpha * *b, assign);
                break;
            case InnerKind.AxpyB:
                Axpy(n, o, b, alpha * *a, assign);
                break;
            case InnerKind.Dot:
                Store(o, alpha * TensorPrimitives.Dot(new ReadOnlySpan<T>(a, n), new ReadOnlySpan<T>(b, n)), assign);
                break;
            case InnerKind.SumA:
                Store(o, alpha * *b * TensorPrimitives.Sum(new ReadOnlySpan<T>(a, n)), assign);
                break;
            case InnerKind.SumB:
                Store(o, alpha * *a * TensorPrimitives.Sum(new ReadOnlySpan<T>(b, n)), assign);
                break;
            default:
                General(n, o, so, a, sa, b, sb, alpha, assign);
                break;
        }
    }

    private static void Store(T* o, T value, bool assign) => *o = assign ? value : *o + value;

    private static void Axpy(int n, T* o, T* x, T c, bool assign)
    {
        var destination = new Span<T>(o, n);
        var source = new ReadOnlySpan<T>(x, n);
        // A pack or permutation copies short lines (planner-scalar's pack: 8,000 lines of 20): a plain copy
        // costs less than the vectorized multiply's set-up.
        if (assign && c == T.One)
            source.CopyTo(destination);
        else if (assign)
            TensorPrimitives.Multiply(source, c, destination);
        else
            TensorPrimitives.MultiplyAdd(source, c, destination, destination);
    }

    private static void Elementwise(int n, T* o, T* a, T* b, T alpha, bool assign)
    {
        var destination = new Span<T>(o, n);
        var left = new ReadOnlySpan<T>(a, n);
        var right = new ReadOnlySpan<T>(b, n);
        if (alpha == T.One)
        {
            if (assign)
                TensorPrimitives.Multiply(left, right, destination);
            else
                TensorPrimitives.MultiplyAdd(left, right, destination, destination);
            return;
        }
        // TensorPrimitives has no three-factor multiply-add; a hand loop avoids a scratch line.
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var scale = new Vector<T>(alpha);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                var product = scale * Vector.Load(a + i) * Vector.Load(b + i);
                Vector.Store(assign ? product : product + Vector.Load(o + i), o + i);
            }
        }
        for (; i < n; i++)
            o[i] = assign ? alpha * a[i] * b[i] : o[i] + alpha * a[i] * b[i];
    }

    private static void General(int n, T* o, long so, T* a, long sa, T* b, long sb, T alpha, bool assign)
    {
        if (so == 0)
        {
            var sum = T.Zero;
            for (long i = 0; i < n; i++)
                sum += a[i * sa] * b[i * sb];
            Store(o, alpha * sum, assign);
            return;
        }
        for (long i = 0; i < n; i++)
        {
            var value = alpha * a[i * sa] * b[i * sb];
            o[i * so] = assign ? value : o[i * so] + value;
        }
    }
}
