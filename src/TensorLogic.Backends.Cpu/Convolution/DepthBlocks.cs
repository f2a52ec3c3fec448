namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The depth (columns) of a <see cref="WindowMatrix"/> cut into blocks of at most a given size, the KC of the
/// GotoBLAS loop, and each block into pieces that lie within one run of the window (see
/// <see cref="WindowMatrix.RunEnd"/>). Blocks end between runs where a run fits, so that a 3×3 filter over 64
/// channels gives blocks of 4 taps, each tap one piece, rather than taps split across blocks.
/// </summary>
internal sealed class DepthBlocks
{
    public DepthBlocks(WindowMatrix window, int maxBlock)
    {
        List<int> starts = [0], firstPieces = [0], pieceStarts = [], pieceLengths = [];
        var blockStart = 0;
        for (var p = 0; p < window.DepthCount;)
        {
            var runEnd = window.RunEnd(p);
            if (runEnd - blockStart > maxBlock)
            {
                if (p > blockStart)
                {
                    // The run does not fit in this block: the next block starts with it.
                    Close(blockStart = p);
                    continue;
                }
                runEnd = blockStart + maxBlock;
            }
            pieceStarts.Add(p);
            pieceLengths.Add(runEnd - p);
            p = runEnd;
        }
        if (window.DepthCount > blockStart)
            Close(window.DepthCount);
        Count = starts.Count - 1;
        MaxShifts = new int[Count * window.Sums];
        for (var b = 0; b < Count; b++)
        {
            for (var p = starts[b]; p < starts[b + 1]; p++)
            {
                for (var q = 0; q < window.Sums; q++)
                    MaxShifts[b * window.Sums + q] = Math.Max(MaxShifts[b * window.Sums + q], window.Depth[p * window.EntryLength + 1 + q]);
            }
        }
        MaxPieces = Enumerable.Range(0, Count).Select(b => firstPieces[b + 1] - firstPieces[b]).DefaultIfEmpty(0).Max();
        Starts = [.. starts];
        FirstPieces = [.. firstPieces];
        PieceStarts = [.. pieceStarts];
        PieceLengths = [.. pieceLengths];

        void Close(int end)
        {
            starts.Add(end);
            firstPieces.Add(pieceStarts.Count);
        }
    }

    public int Count { get; }

    /// <summary>The most pieces in one block.</summary>
    public int MaxPieces { get; }

    /// <summary>Block b is columns [Starts[b], Starts[b + 1]).</summary>
    public int[] Starts { get; }

    /// <summary>Block b's pieces are [FirstPieces[b], FirstPieces[b + 1]).</summary>
    public int[] FirstPieces { get; }

    public int[] PieceStarts { get; }

    /// <summary>
    /// Per block, the largest shift along each summed position: rows whose limits exceed them see no padding
    /// anywhere in the block.
    /// </summary>
    public int[] MaxShifts { get; }

    public int[] PieceLengths { get; }
}
