using System.Runtime.CompilerServices;

namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// A <see cref="WindowMatrix"/>'s tables by pointer, pinned by the caller for the length of one run: an
/// unmanaged value that a parallel job can carry to the GEMM worker threads.
/// </summary>
internal readonly unsafe struct WindowTables(int* outer, int* inner, int* depth, int sums, int innerCount, int freeCount)
{
    public int Sums { get; } = sums;

    public int FreeCount { get; } = freeCount;

    public int EntryLength => 1 + Sums;

    public int* DepthEntry(int p) => depth + (nint)p * EntryLength;

    /// <summary>
    /// Writes the entries of rows [f, f + n), all below <see cref="FreeCount"/>, to <paramref name="into"/>
    /// (n · EntryLength ints), each its outer part plus its inner part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rows(int f, int n, int* into)
    {
        int length = EntryLength, o = f / innerCount, i = f - o * innerCount;
        int* outerEntry = outer + (nint)o * length;
        for (int j = 0; j < n; j++, into += length)
        {
            int* innerEntry = inner + (nint)i * length;
            for (int k = 0; k < length; k++)
                into[k] = outerEntry[k] + innerEntry[k];
            if (++i == innerCount)
            {
                i = 0;
                outerEntry += length;
            }
        }
    }

    /// <summary>Whether the element of a row and a column lies inside the source (rather than in the zero padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Inside(int* row, int* column, int sums)
    {
        for (var q = 1; q <= sums; q++)
        {
            if (column[q] >= row[q])
                return false;
        }
        return true;
    }

    /// <summary>
    /// Whether <paramref name="n"/> row entries are one run along the source's last axis: consecutive offsets,
    /// and along each summed position a limit that is the same for all of them or shrinks by one from each row
    /// to the next (the x of <c>X[c, y+dy, x+dx]</c>, marked in <paramref name="shrinking"/>, bit q for position
    /// q). Their elements in one column are then a piece of the source followed by padding.
    /// </summary>
    public bool IsRun(int* rows, int n, out uint shrinking)
    {
        shrinking = 0;
        int length = EntryLength;
        int* first = rows, last = rows + (nint)(n - 1) * length;
        if (last[0] - first[0] != n - 1)
            return false;
        for (var q = 1; q <= Sums; q++)
        {
            var drop = first[q] - last[q];
            if (drop == n - 1 && n > 1)
                shrinking |= 1u << q;
            else if (drop != 0)
                return false;
        }
        // The ends agree with a run; every row between must too (an image row may end inside the range).
        for (var j = 1; j < n - 1; j++)
        {
            int* row = rows + (nint)j * length;
            if (row[0] != first[0] + j)
                return false;
            for (var q = 1; q <= Sums; q++)
            {
                if (row[q] != first[q] - (int)((shrinking >> q) & 1) * j)
                    return false;
            }
        }
        return true;
    }
}
