using System.Numerics;
using System.Runtime.CompilerServices;

namespace TensorLogic.Backends.Cpu.Kernels;

/// <summary>
/// The single-threaded GotoBLAS/BLIS loop nest: C += alpha · A · B computed as a sequence of packed
/// KC × NC panels of B and MC × KC blocks of A fed tile by tile to a register-blocked micro-kernel.
/// </summary>
/// <remarks>
/// Loop order, outermost first: jc (NC columns of C) → pc (KC of the depth; pack B) → ic (MC rows; pack A) →
/// jr (NR columns) → ir (MR rows; micro-kernel). The first pc block applies the caller's beta; later ones
/// accumulate with beta = 1. Tiles that stick out past the edge of C are computed whole into a scratch tile (the
/// packed operands are zero-padded) and only their valid part is merged into C.
/// </remarks>
internal static unsafe class GemmBlocked
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in GemmBlocking bl, int m, int n, int k,
        T* a, nint aRowStride, nint aColStride,
        T* b, nint bRowStride, nint bColStride,
        T* c, nint cRowStride, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int kcMax = Math.Min(bl.KC, k);
        T* packedA = GemmBuffers<T>.PackedA((nint)RoundUp(Math.Min(bl.MC, m), bl.MR) * kcMax);
        T* packedB = GemmBuffers<T>.PackedB((nint)RoundUp(Math.Min(bl.NC, n), bl.NR) * kcMax);
        T* tile = stackalloc T[bl.MR * bl.NR];

        for (int jc = 0; jc < n; jc += bl.NC)
        {
            int nc = Math.Min(bl.NC, n - jc);
            for (int pc = 0; pc < k; pc += bl.KC)
            {
                int kc = Math.Min(bl.KC, k - pc);
                GemmPacking.PackB(kc, nc, b + pc * bRowStride + jc * bColStride, bRowStride, bColStride, packedB, bl.NR);
                T betaHere = pc == 0 ? beta : T.One;
                for (int ic = 0; ic < m; ic += bl.MC)
                {
                    int mc = Math.Min(bl.MC, m - ic);
                    GemmPacking.PackA(mc, kc, a + ic * aRowStride + pc * aColStride, aRowStride, aColStride, packedA, bl.MR);
                    MacroKernel(bl, mc, nc, kc, packedA, packedB, c + ic * cRowStride + jc, cRowStride, alpha, betaHere, tile);
                }
            }
        }
    }

    /// <summary>Multiplies one packed A block by one packed B panel into the mc × nc block of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MacroKernel<T>(in GemmBlocking bl, int mc, int nc, int kc, T* packedA, T* packedB,
        T* c, nint ldc, T alpha, T beta, T* tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int jr = 0; jr < nc; jr += bl.NR)
        {
            int nr = Math.Min(bl.NR, nc - jr);
            T* bSliver = packedB + (nint)jr * kc;
            for (int ir = 0; ir < mc; ir += bl.MR)
            {
                int mr = Math.Min(bl.MR, mc - ir);
                T* aSliver = packedA + (nint)ir * kc;
                T* cTile = c + ir * ldc + jr;
                if (mr == bl.MR && nr == bl.NR)
                {
                    MicroKernel(bl.Isa, kc, aSliver, bSliver, cTile, ldc, alpha, beta);
                }
                else
                {
                    MicroKernel(bl.Isa, kc, aSliver, bSliver, tile, bl.NR, T.One, T.Zero);
                    MergeTile(mr, nr, tile, bl.NR, cTile, ldc, alpha, beta);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MicroKernel<T>(GemmIsa isa, int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (isa == GemmIsa.Avx512)
            GemmMicroKernel512.Run(kc, a, b, c, ldc, alpha, beta);
        else
            GemmMicroKernel256.Run(kc, a, b, c, ldc, alpha, beta);
    }

    /// <summary>
    /// C[i, j] = alpha · tile[i, j] + beta · C[i, j] over the valid part of an edge tile, rounded exactly as the
    /// micro-kernel's own store does (one fused multiply-add), so an element's value does not depend on whether a
    /// thread split put it in an edge tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MergeTile<T>(int mr, int nr, T* tile, nint ldt, T* c, nint ldc, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mr; i++, tile += ldt, c += ldc)
        {
            for (int j = 0; j < nr; j++)
                c[j] = beta == T.Zero ? alpha * tile[j] : T.FusedMultiplyAdd(beta, c[j], alpha * tile[j]);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
