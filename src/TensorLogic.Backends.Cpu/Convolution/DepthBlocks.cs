namespace TensorLogic.Backends.Cpu.Convolution;

/// <summary>
/// The depth (columns) of a <see cref="WindowMatrix"/> cut into blocks of at most a given size, the KC of the
/// GotoBLAS loop, and each block into pieces that lie within one run of the window (see
/// <see cref="WindowMatrix.RunEnd"/>). Blocks end between runs where a run fits, so that a 3×3 filter over 64
/// channels gives blocks of 4 taps, each tap one piece, rather than taps split across blocks.
/// </summary>
/// <remarks>The tables are pinned: kernels on every thread read them by pointer.</remarks>
internal sealed unsafe class DepthBlocks
{
    private readonly int[] _starts;
    private readonly int[] _firstPieces;
    private readonly int[] _pieceStarts;
    private readonly int[] _pieceLengths;

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
        MaxPieces = Enumerable.Range(0, Count).Select(b => firstPieces[b + 1] - firstPieces[b]).DefaultIfEmpty(0).Max();
        _starts = Pinned.Copy(starts);
        _firstPieces = Pinned.Copy(firstPieces);
        _pieceStarts = Pinned.Copy(pieceStarts);
        _pieceLengths = Pinned.Copy(pieceLengths);

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
    public int* Starts => Pinned.Address(_starts);

    /// <summary>Block b's pieces are [FirstPieces[b], FirstPieces[b + 1]).</summary>
    public int* FirstPieces => Pinned.Address(_firstPieces);

    public int* PieceStarts => Pinned.Address(_pieceStarts);

    public int* PieceLengths => Pinned.Address(_pieceLengths);
}
