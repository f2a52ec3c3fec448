using System.Collections.Immutable;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Compiler.Semantics;

public sealed partial class Binder
{
    /// <summary>
    /// A tensor whose equations aggregate with <c>min=</c> (or <c>max=</c>) combines everything with that
    /// operator: its data, each equation's result, and across the equations of a recursion. Two different
    /// such operators on one tensor have no common meaning (TL2045); <c>=</c> and <c>+=</c> equations beside
    /// them contribute values like data does.
    /// </summary>
    private void SetCombinations(ImmutableArray<BoundEquation> equations)
    {
        foreach (var group in equations.GroupBy(e => e.Target.Tensor))
        {
            var kinds = group.Where(e => e.Aggregation != Aggregation.Sum).GroupBy(e => e.Aggregation).ToList();
            if (kinds.Count > 1)
            {
                var first = kinds[0].First();
                var second = kinds[1].First();
                _diagnostics.Report(Catalog.ConflictingAggregations, second.Location,
                    $"'{group.Key.Name}' aggregates with {Spelling(second.Aggregation)} here but with {Spelling(first.Aggregation)} in another equation",
                    "all of a tensor's min=/max=/avg= equations must use the same operator; compute the others into a tensor of their own",
                    new DiagnosticNote(first.Location, $"{Spelling(first.Aggregation)} here"));
                continue;
            }
            if (kinds is [var only] && only.Key is Aggregation.Min or Aggregation.Max)
                group.Key.Combination = only.Key;
        }
    }

    private static string Spelling(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Max => "max=",
        Aggregation.Min => "min=",
        Aggregation.Average => "avg=",
        _ => "=",
    };
}
