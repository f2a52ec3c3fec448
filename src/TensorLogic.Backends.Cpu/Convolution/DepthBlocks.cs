namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The depth (columns) of a <see cref="WindowMatrix"/> cut into blocks of at most a given size, the KC of the
/// GotoBLAS loop; each block into pieces, stretches of columns that are contiguous in the source
/// (<see cref="WindowMatrix.ContiguousEnd"/>); and each piece into runs, which also share their shifts
/// (<see cref="WindowMatrix.RunEnd"/>). A row that lies inside the source over a whole piece reads it through
/// one pointer; one that meets the padding within it, through one pointer per run. Blocks end between pieces
/// where a piece fits, else between runs: a 3×3 filter over 64 channels, channels last, gives three blocks,
/// one per dx, each a single piece of three runs (dy).
/// </summary>
internal sealed class DepthBlocks
{
    public DepthBlocks(WindowMatrix window, int maxBlock)
    {
        List<int> starts = [0], firstPieces = [0], pieceStarts = [], firstRuns = [0], runStarts = [], runLengths = [];
        var blockStart = 0;
        for (var p = 0; p < window.DepthCount;)
        {
            var end = window.ContiguousEnd(p);
            if (end - blockStart > maxBlock && p > blockStart)
            {
                // The stretch does not fit in this block: the next block starts with it.
                Close(blockStart = p);
                continue;
            }
            if (end - blockStart > maxBlock)
                end = Cut(window, p, end, blockStart + maxBlock);
            pieceStarts.Add(p);
            for (var r = p; r < end; r = Math.Min(window.RunEnd(r), end))
            {
                runStarts.Add(r);
                runLengths.Add(Math.Min(window.RunEnd(r), end) - r);
            }
            firstRuns.Add(runStarts.Count);
            p = end;
        }
        if (window.DepthCount > blockStart)
            Close(window.DepthCount);
        Count = starts.Count - 1;
        Starts = [.. starts];
        FirstPieces = [.. firstPieces];
        PieceStarts = [.. pieceStarts];
        FirstRuns = [.. firstRuns];
        RunStarts = [.. runStarts];
        RunLengths = [.. runLengths];
        MaxRuns = Enumerable.Range(0, Count).Select(b => firstRuns[firstPieces[b + 1]] - firstRuns[firstPieces[b]]).DefaultIfEmpty(0).Max();
        PieceLengths = [.. Enumerable.Range(0, pieceStarts.Count).Select(s => runStarts[firstRuns[s + 1] - 1] + runLengths[firstRuns[s + 1] - 1] - pieceStarts[s])];
        (PieceMinShifts, PieceMaxShifts) = ShiftRanges(window, PieceStarts, PieceLengths);
        (_, MaxShifts) = ShiftRanges(window, Starts[..^1], [.. Enumerable.Range(0, Count).Select(b => Starts[b + 1] - Starts[b])]);

        void Close(int end)
        {
            starts.Add(end);
            firstPieces.Add(pieceStarts.Count);
        }
    }

    public int Count { get; }

    /// <summary>The most runs in one block: the most pieces a tile of rows can need there.</summary>
    public int MaxRuns { get; }

    /// <summary>Block b is columns [Starts[b], Starts[b + 1]).</summary>
    public int[] Starts { get; }

    /// <summary>Block b's pieces are [FirstPieces[b], FirstPieces[b + 1]).</summary>
    public int[] FirstPieces { get; }

    public int[] PieceStarts { get; }

    public int[] PieceLengths { get; }

    /// <summary>Piece s's runs are [FirstRuns[s], FirstRuns[s + 1]).</summary>
    public int[] FirstRuns { get; }

    public int[] RunStarts { get; }

    public int[] RunLengths { get; }

    /// <summary>Per piece, the smallest shift along each summed position: a row whose limit is not above it has no element there.</summary>
    public int[] PieceMinShifts { get; }

    /// <summary>Per piece, the largest shift along each summed position: a row whose limits exceed them sees no padding there.</summary>
    public int[] PieceMaxShifts { get; }

    /// <summary>Per block, the largest shift along each summed position.</summary>
    public int[] MaxShifts { get; }

    /// <summary>Where a piece from <paramref name="p"/> that must end by <paramref name="limit"/> ends: at its last run that fits, else at the limit.</summary>
    private static int Cut(WindowMatrix window, int p, int end, int limit)
    {
        var cut = p;
        while (cut < end && window.RunEnd(cut) <= limit)
            cut = window.RunEnd(cut);
        return cut > p ? cut : limit;
    }

    /// <summary>The smallest and largest shift along each summed position over each range of columns.</summary>
    private static (int[] Min, int[] Max) ShiftRanges(WindowMatrix window, int[] starts, int[] lengths)
    {
        int sums = window.Sums;
        var (min, max) = (new int[starts.Length * sums], new int[starts.Length * sums]);
        for (var r = 0; r < starts.Length; r++)
        {
            for (var q = 0; q < sums; q++)
            {
                var (lo, hi) = (int.MaxValue, int.MinValue);
                for (var p = starts[r]; p < starts[r] + lengths[r]; p++)
                {
                    var shift = window.Depth[p * window.EntryLength + 1 + q];
                    (lo, hi) = (Math.Min(lo, shift), Math.Max(hi, shift));
                }
                (min[r * sums + q], max[r * sums + q]) = (lo, hi);
            }
        }
        return (min, max);
    }
}
