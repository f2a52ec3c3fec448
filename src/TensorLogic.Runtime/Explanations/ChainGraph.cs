using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Runtime.Explanations;

/// <summary>A cell of a <c>min=</c>/<c>max=</c> tensor in the chain graph, with the sources that attain its value.</summary>
internal sealed class ChainNode(GroundCell cell, double value, bool unreached, List<Source> sources)
{
    public GroundCell Cell { get; } = cell;

    public double Value { get; } = value;

    /// <summary>It holds its operator's identity: there is nothing to unfold.</summary>
    public bool Unreached { get; } = unreached;

    public List<Source> Sources { get; } = sources;

    /// <summary>The nodes whose attaining bindings read this one, for the next round of the height search.</summary>
    public HashSet<ChainNode> Readers { get; } = [];

    /// <summary>The height of its shortest chain, once known; -1 before, and for ever on a cycle that no data grounds.</summary>
    public int Height { get; set; } = -1;

    /// <summary>The source and per-term bindings of that shortest chain (a null binding for a summed term).</summary>
    public (Source Source, int[]?[] Bindings)? Choice { get; set; }
}

/// <summary>
/// The cells a goal's value is attained through: from the goal, every attaining binding of every source, and
/// the <c>min=</c>/<c>max=</c> cells those bindings read, transitively. Ties keep all their bindings, so that
/// the height search can choose among them.
/// </summary>
internal sealed class ChainGraph(Attainment attainment, ICellReader reader)
{
    private readonly Dictionary<(TensorSymbol, TupleKey), ChainNode> _nodes = [];

    public IEnumerable<ChainNode> Nodes => _nodes.Values;

    /// <summary>Cells of these tensors carry a chain; any other real cell is shown with its value only.</summary>
    public static bool IsChained(TensorSymbol tensor) =>
        !tensor.IsBoolean && tensor.Combination is Aggregation.Min or Aggregation.Max;

    public ChainNode Node(GroundCell cell) => _nodes[(cell.Tensor, new TupleKey(cell.Cell.AsSpan()))];

    public void Explore(GroundCell goal)
    {
        var pending = new Queue<ChainNode>();
        pending.Enqueue(Add(goal));
        while (pending.Count > 0)
        {
            var node = pending.Dequeue();
            foreach (var source in node.Sources)
            {
                foreach (var term in source.Terms)
                {
                    foreach (var binding in term.Attaining)
                    {
                        foreach (var read in TermReads.At(term.Term, binding).Where(r => IsChained(r.Tensor)))
                        {
                            var cell = new GroundCell(read.Tensor, [.. read.Cell]);
                            if (!_nodes.TryGetValue((cell.Tensor, new TupleKey(read.Cell)), out var child))
                                pending.Enqueue(child = Add(cell));
                            child.Readers.Add(node);
                        }
                    }
                }
            }
        }
    }

    private ChainNode Add(GroundCell cell)
    {
        var value = reader.Get(cell.Tensor, cell.Cell.AsSpan());
        var unreached = Attainment.IsIdentity(cell.Tensor, value);
        var node = new ChainNode(cell, value, unreached, unreached ? [] : attainment.Sources(cell, value));
        _nodes[(cell.Tensor, new TupleKey(cell.Cell.AsSpan()))] = node;
        return node;
    }
}
