using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;

namespace TensorLogic.Backends.Cpu.Relational;

/// <summary>
/// The join plans of one rule body, one per order the relations' sizes have called for so far (a handful:
/// the order changes when a delta outgrows a relation), each with its copies for the threads of a split round.
/// </summary>
internal sealed class TermPlans(IrEquation equation, IrGenericTerm term)
{
    private readonly IrAccess[] _atoms = [.. term.Factors.OfType<IrTensorRead>().Select(r => r.Access)];
    private readonly Dictionary<string, JoinPlan> _plans = [];
    private readonly Dictionary<JoinPlan, List<JoinPlan>> _copies = new(ReferenceEqualityComparer.Instance);

    /// <summary>The plan for the current sizes of the relations, with pinned variables counted as bound.</summary>
    public JoinPlan For(Func<TensorSymbol, Relation> relations, IEnumerable<int> pinned)
    {
        var order = JoinOrder.Choose(_atoms, t => relations(t).Count, pinned);
        var key = string.Join(',', order);
        if (!_plans.TryGetValue(key, out var plan))
            _plans[key] = plan = new JoinPlan(equation, term, [.. order.Select(a => _atoms[a])]);
        return plan;
    }

    /// <summary><paramref name="plan"/> (one of this term's) and <paramref name="count"/> - 1 copies of it for other threads.</summary>
    public IReadOnlyList<JoinPlan> ForThreads(JoinPlan plan, int count)
    {
        if (!_copies.TryGetValue(plan, out var copies))
            _copies[plan] = copies = [];
        while (copies.Count < count - 1)
            copies.Add(plan.Fork());
        return [plan, .. copies.Take(count - 1)];
    }
}
