using System.Numerics;
using TensorLogic.Backends.Cpu.Kernels;

namespace TensorLogic.Backends.Cpu.Contraction;

/// <summary>The strides of one GEMM call: <c>C[t, i, j] = alpha · Σ_p A[t, i, p] · B[t, p, j] + beta · C[t, i, j]</c>.</summary>
internal readonly record struct GemmStrides(
    int Batch, int M, int N, int K,
    nint ABatch, nint ARow, nint ACol,
    nint BBatch, nint BRow, nint BCol,
    nint CBatch, nint CRow);

/// <summary>Calls <see cref="Gemm"/> for float or double from generic code (the JIT removes the untaken branch).</summary>
internal static unsafe class GemmCall<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool IsSupported => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    public static void Run(in GemmStrides s, T* a, T* b, T* c, T alpha, T beta, int threads)
    {
        if (typeof(T) == typeof(float))
        {
            if (s.Batch == 1)
                Gemm.Multiply(s.M, s.N, s.K, (float*)a, s.ARow, s.ACol, (float*)b, s.BRow, s.BCol, (float*)c, s.CRow,
                    float.CreateTruncating(alpha), float.CreateTruncating(beta), threads);
            else
                Gemm.MultiplyBatched(s.Batch, s.M, s.N, s.K, (float*)a, s.ARow, s.ACol, s.ABatch, (float*)b, s.BRow, s.BCol, s.BBatch,
                    (float*)c, s.CRow, s.CBatch, float.CreateTruncating(alpha), float.CreateTruncating(beta), threads);
        }
        else if (typeof(T) == typeof(double))
        {
            if (s.Batch == 1)
                Gemm.Multiply(s.M, s.N, s.K, (double*)a, s.ARow, s.ACol, (double*)b, s.BRow, s.BCol, (double*)c, s.CRow,
                    double.CreateTruncating(alpha), double.CreateTruncating(beta), threads);
            else
                Gemm.MultiplyBatched(s.Batch, s.M, s.N, s.K, (double*)a, s.ARow, s.ACol, s.ABatch, (double*)b, s.BRow, s.BCol, s.BBatch,
                    (double*)c, s.CRow, s.CBatch, double.CreateTruncating(alpha), double.CreateTruncating(beta), threads);
        }
        else
        {
            throw new NotSupportedException($"GEMM runs on float and double, not {typeof(T).Name}");
        }
    }
}
