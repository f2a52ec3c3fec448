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
/// <remarks>
/// The tables are kept one after another in a single array, so that a run pins them all at once and hands
/// them to the worker threads as one <see cref="DepthTables"/>.
/// </remarks>
internal sealed class DepthBlocks
{
    private readonly int[] _tables;
    private readonly int[] _sections;

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
        MaxRuns = Enumerable.Range(0, Count).Select(b => firstRuns[firstPieces[b + 1]] - firstRuns[firstPieces[b]]).DefaultIfEmpty(0).Max();
        List<int> pieceLengths = [.. pieceStarts.Select((start, s) => runStarts[firstRuns[s + 1] - 1] + runLengths[firstRuns[s + 1] - 1] - start)];
        List<int> blockLengths = [.. Enumerable.Range(0, Count).Select(b => starts[b + 1] - starts[b])];
        var (pieceMin, pieceMax) = ShiftRanges(window, pieceStarts, pieceLengths);
        var (_, blockMax) = ShiftRanges(window, starts, blockLengths);
        // In the order of DepthTables' fields.
        List<int>[] tables = [starts, firstPieces, pieceStarts, pieceLengths, firstRuns, runStarts, runLengths, pieceMin, pieceMax, blockMax];
        _sections = [.. tables.Select((_, t) => tables.Take(t).Sum(x => x.Count))];
        _tables = [.. tables.SelectMany(t => t)];

        void Close(int end)
        {
            starts.Add(end);
            firstPieces.Add(pieceStarts.Count);
        }
    }

    public int Count { get; }

    /// <summary>The most runs in one block: the most pieces a tile of rows can need there.</summary>
    public int MaxRuns { get; }

    /// <summary>The tables to pin for a run: one array, never empty (the block starts hold 0 at least).</summary>
    public int[] Pinnable => _tables;

    /// <summary>Block b is columns [Start(b), Start(b + 1)).</summary>
    public int Start(int block) => _tables[_sections[0] + block];

    /// <summary>The tables by pointer, given <see cref="Pinnable"/> pinned at <paramref name="pinned"/>.</summary>
    public unsafe DepthTables Tables(int* pinned)
    {
        int* Section(int t) => pinned + _sections[t];
        return new DepthTables
        {
            Blocks = Count,
            MaxRuns = MaxRuns,
            Starts = Section(0),
            FirstPieces = Section(1),
            PieceStarts = Section(2),
            PieceLengths = Section(3),
            FirstRuns = Section(4),
            RunStarts = Section(5),
            RunLengths = Section(6),
            PieceMinShifts = Section(7),
            PieceMaxShifts = Section(8),
            BlockMaxShifts = Section(9),
        };
    }

    /// <summary>Where a piece from <paramref name="p"/> that must end by <paramref name="limit"/> ends: at its last run that fits, else at the limit.</summary>
    private static int Cut(WindowMatrix window, int p, int end, int limit)
    {
        var cut = p;
        while (cut < end && window.RunEnd(cut) <= limit)
            cut = window.RunEnd(cut);
        return cut > p ? cut : limit;
    }

    /// <summary>The smallest and largest shift along each summed position over each range of columns.</summary>
    private static (List<int> Min, List<int> Max) ShiftRanges(WindowMatrix window, List<int> starts, List<int> lengths)
    {
        List<int> min = [], max = [];
        for (var r = 0; r < lengths.Count; r++)
        {
            for (var q = 0; q < window.Sums; q++)
            {
                var shifts = Enumerable.Range(starts[r], lengths[r]).Select(p => window.Depth[p * window.EntryLength + 1 + q]).ToList();
                min.Add(shifts.Min());
                max.Add(shifts.Max());
            }
        }
        return (min, max);
    }
}

/// <summary>
/// A <see cref="DepthBlocks"/>' tables by pointer, pinned for the length of one run, for the worker threads.
/// Per summed position q, the shift tables hold Sums entries per piece or block.
/// </summary>
internal unsafe struct DepthTables
{
    public int Blocks;

    /// <summary>The most runs in one block.</summary>
    public int MaxRuns;

    /// <summary>Block b is columns [Starts[b], Starts[b + 1]); its pieces are [FirstPieces[b], FirstPieces[b + 1]).</summary>
    public int* Starts;
    public int* FirstPieces;

    /// <summary>Piece s is columns [PieceStarts[s], + PieceLengths[s]); its runs are [FirstRuns[s], FirstRuns[s + 1]).</summary>
    public int* PieceStarts;
    public int* PieceLengths;
    public int* FirstRuns;
    public int* RunStarts;
    public int* RunLengths;

    /// <summary>Per piece, the smallest shift along each summed position: a row whose limit is not above it has no element there.</summary>
    public int* PieceMinShifts;

    /// <summary>Per piece, the largest shift along each summed position: a row whose limits exceed them sees no padding there.</summary>
    public int* PieceMaxShifts;

    /// <summary>Per block, the largest shift along each summed position.</summary>
    public int* BlockMaxShifts;
}
