using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using TensorLogic.Backends.Cpu.Kernels;
using static TensorLogic.Backends.Cpu.Kernels.GemmMicroKernel512;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The micro-kernel of implicit GEMM when the window is B (<c>Y[o, y, x]</c>) and a sliver of its columns (32
/// pixels of one image row, in float) lies wholly inside the source: the tile and FMA schedule of
/// <see cref="GemmMicroKernel512"/>, with each depth step's two vectors of B loaded straight from the source at
/// that step's offset, where packing would only have copied them (a third of the run time of a 3×3 filter
/// over 64 channels).
/// </summary>
internal static unsafe class WindowColumnsMicroKernel512
{
    /// <summary>
    /// <c>C[0..MR, 0..NR) = alpha · Asliver · B + beta · C</c>, where B's step p is the 2 vectors at
    /// <c>source + columns[p · stride]</c> (the column entries of a <see cref="WindowTables"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(int kc, T* a, T* source, int* columns, int stride, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<T> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default;

        for (int p = 0; p < kc; p++, columns += stride)
        {
            T* b = source + *columns;
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> ai = Vector512.Create(a[0]);
            c00 = Fma(ai, b0, c00); c01 = Fma(ai, b1, c01);
            ai = Vector512.Create(a[1]);
            c10 = Fma(ai, b0, c10); c11 = Fma(ai, b1, c11);
            ai = Vector512.Create(a[2]);
            c20 = Fma(ai, b0, c20); c21 = Fma(ai, b1, c21);
            ai = Vector512.Create(a[3]);
            c30 = Fma(ai, b0, c30); c31 = Fma(ai, b1, c31);
            ai = Vector512.Create(a[4]);
            c40 = Fma(ai, b0, c40); c41 = Fma(ai, b1, c41);
            ai = Vector512.Create(a[5]);
            c50 = Fma(ai, b0, c50); c51 = Fma(ai, b1, c51);
            ai = Vector512.Create(a[6]);
            c60 = Fma(ai, b0, c60); c61 = Fma(ai, b1, c61);
            ai = Vector512.Create(a[7]);
            c70 = Fma(ai, b0, c70); c71 = Fma(ai, b1, c71);
            a += MR;
        }

        Vector512<T> va = Vector512.Create(alpha), vb = Vector512.Create(beta);
        bool readC = beta != T.Zero;
        StoreRow(c, w, c00, c01, va, vb, readC); c += ldc;
        StoreRow(c, w, c10, c11, va, vb, readC); c += ldc;
        StoreRow(c, w, c20, c21, va, vb, readC); c += ldc;
        StoreRow(c, w, c30, c31, va, vb, readC); c += ldc;
        StoreRow(c, w, c40, c41, va, vb, readC); c += ldc;
        StoreRow(c, w, c50, c51, va, vb, readC); c += ldc;
        StoreRow(c, w, c60, c61, va, vb, readC); c += ldc;
        StoreRow(c, w, c70, c71, va, vb, readC);
    }
}
