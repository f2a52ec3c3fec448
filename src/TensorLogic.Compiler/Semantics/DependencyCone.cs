namespace TensorLogic.Compiler.Semantics;

/// <summary>The tensors a set of tensors depends on, themselves included: what a query needs computed.</summary>
public static class DependencyCone
{
    public static HashSet<TensorSymbol> Of(BoundProgram program, IEnumerable<TensorSymbol> targets)
    {
        var reads = program.Equations
            .GroupBy(e => e.Target.Tensor)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Reads()).Select(r => r.Tensor).Distinct().ToList());
        return Of(targets, t => reads.GetValueOrDefault(t) ?? []);
    }

    /// <summary>The closure of <paramref name="targets"/> under <paramref name="reads"/> (a tensor → what computing it reads).</summary>
    public static HashSet<TensorSymbol> Of(IEnumerable<TensorSymbol> targets, Func<TensorSymbol, IEnumerable<TensorSymbol>> reads)
    {
        var cone = new HashSet<TensorSymbol>();
        var work = new Stack<TensorSymbol>(targets);
        while (work.Count > 0)
        {
            var tensor = work.Pop();
            if (!cone.Add(tensor))
                continue;
            foreach (var read in reads(tensor))
                work.Push(read);
        }
        return cone;
    }
}
