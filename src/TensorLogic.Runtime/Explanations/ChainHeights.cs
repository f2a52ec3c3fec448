namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// Gives each node of a chain graph the height of its shortest chain and the choice that achieves it, by
/// rounds as <see cref="DerivationSearch"/> does for atoms: round 0 takes the cells that data holds (and the
/// unreached ones, which have nothing to unfold); round h takes the cells with a source each of whose terms
/// has an attaining binding that reads only cells of earlier rounds. After round 1, only the readers of the
/// cells the last round took can change, so each round looks at those alone. Cells on a cycle that no data
/// grounds (a run stopped before its fixpoint) keep no height.
/// </summary>
internal static class ChainHeights
{
    public static void Assign(ChainGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            if (node.Unreached)
                node.Height = 0;
            else if (node.Sources.FirstOrDefault(s => s.Equation is null) is { } data)
                (node.Height, node.Choice) = (0, (data, []));
        }
        IEnumerable<ChainNode> examined = graph.Nodes;
        for (var round = 1; ; round++)
        {
            var taken = new List<ChainNode>();
            foreach (var node in examined.Where(n => n.Height < 0))
            {
                if (Ready(graph, node) is { } choice)
                {
                    node.Choice = choice;
                    taken.Add(node);
                }
            }
            if (taken.Count == 0)
                return;
            // Heights are set after the round, so that a cell taken in it does not count as earlier for its readers.
            foreach (var node in taken)
                node.Height = round;
            examined = taken.SelectMany(n => n.Readers).Distinct().ToList();
        }
    }

    /// <summary>The first source, in program order, whose every term has a binding that reads only cells with a height.</summary>
    private static (Source, int[]?[])? Ready(ChainGraph graph, ChainNode node)
    {
        foreach (var source in node.Sources)
        {
            var bindings = new int[]?[source.Terms.Count];
            var ready = true;
            for (var t = 0; t < source.Terms.Count && ready; t++)
            {
                var term = source.Terms[t];
                if (term.Summed > 0)
                    continue;
                bindings[t] = term.Attaining.FirstOrDefault(b => TermReads.At(term.Term, b)
                    .Where(r => ChainGraph.IsChained(r.Tensor))
                    .All(r => graph.Node(new GroundCell(r.Tensor, [.. r.Cell])).Height >= 0));
                ready = bindings[t] is not null;
            }
            if (ready)
                return (source, bindings);
        }
        return null;
    }
}
