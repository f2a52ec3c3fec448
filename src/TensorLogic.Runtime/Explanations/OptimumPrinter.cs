using System.Text;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Output;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// The chain of a <c>min=</c>/<c>max=</c> cell as an indented tree, drawn as <see cref="DerivationPrinter"/> draws
/// derivations: each cell with its value, under it the equation that attains it (as written, where it is, and
/// the values of the variables it projects out), and under that every cell and atom that instance read:
/// <code>
/// Dist[C] = 3
/// └─ Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)   (sp.tl:9)   with x = B
///    ├─ Dist[B] = 1
///    │  └─ Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)   (sp.tl:9)   with x = A
///    │     ├─ Dist[A] = 0
///    │     │  └─ Dist[A] = 0.0   (sp.tl:8)
///    │     ├─ Cost[A, B] = 1
///    │     └─ Edge(A, B)   fact
///    ├─ Cost[B, C] = 2
///    └─ Edge(B, C)   fact
/// </code>
/// </summary>
public static class OptimumPrinter
{
    public static string Print(Optimum optimum)
    {
        var builder = new StringBuilder();
        Cell(builder, optimum, "", "");
        return builder.ToString();
    }

    private static void Cell(StringBuilder builder, Optimum optimum, string lead, string indent)
    {
        var tensor = optimum.Cell.Tensor;
        builder.Append(lead).Append(optimum.Cell).Append(" = ").Append(TextAnswerWriter.Number(optimum.Value, tensor.Type == ElementType.Integer));
        builder.Append(optimum.Kind switch
        {
            OptimumKind.Data => "   data\n",
            OptimumKind.Unreached =>
                $"   unreached: nothing gives it a value other than {Operator(tensor)}'s identity\n",
            OptimumKind.OnChain => "   on the chain above\n",
            OptimumKind.Unattained =>
                "   no data or equation gives this value: the run stopped before its fixpoint, or rounding moved it\n",
            _ => "\n",
        });
        if (optimum.Step is not { } step)
            return;
        builder.Append(indent).Append("\u2514\u2500 ").Append(step.Equation.Text).Append("   ").Append(DerivationPrinter.Where(step.Equation));
        var bindings = step.Terms.Where(t => t.Binding.Length > 0).Select(t => string.Join(", ", t.Binding.Select(b => $"{b.Variable.Name} = {b.Value}"))).ToList();
        if (bindings.Count > 0)
            builder.Append("   with ").Append(string.Join("; ", bindings));
        foreach (var summed in step.Terms.Where(t => t.Summed > 0))
            builder.Append("   a sum of ").Append(summed.Summed).Append(" bindings, not unfolded");
        builder.Append('\n');
        var premises = step.Terms.SelectMany(t => t.Premises).ToList();
        var below = indent + "   ";
        for (var i = 0; i < premises.Count; i++)
        {
            var last = i == premises.Count - 1;
            var (childLead, childIndent) = (below + (last ? "\u2514\u2500 " : "\u251C\u2500 "), below + (last ? "   " : "\u2502  "));
            switch (premises[i])
            {
                case Optimum cell:
                    Cell(builder, cell, childLead, childIndent);
                    break;
                case Derivation atom:
                    DerivationPrinter.Atom(builder, atom, childLead, childIndent);
                    break;
            }
        }
    }

    private static string Operator(TensorSymbol tensor) => tensor.Combination == Aggregation.Max ? "max=" : "min=";
}
