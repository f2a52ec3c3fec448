using System.Text;
using TensorLogic.Compiler.IR;

namespace TensorLogic.Runtime.Explanations;

/// <summary>
/// A derivation as an indented tree, each rule instance with the rule as written and where it is:
/// <code>
/// Reach(A, C)
/// └─ Reach(x, z) &lt;- Reach(x, y), E(y, z)   (tc.tl:4)
///    ├─ Reach(A, B)
///    │  └─ Reach(x, y) &lt;- E(x, y)   (tc.tl:3)
///    │     └─ E(A, B)   fact
///    └─ E(B, C)   fact
/// </code>
/// </summary>
public static class DerivationPrinter
{
    public static string Print(Derivation derivation)
    {
        var builder = new StringBuilder();
        Atom(builder, derivation, "", "");
        return builder.ToString();
    }

    /// <summary>Where an equation is written, as each rule line ends: <c>(tc.tl:4)</c>.</summary>
    internal static string Where(IrEquation equation) =>
        $"({Path.GetFileName(equation.Location.Source.Path)}:{equation.Location.Start.Line})";

    /// <summary>One atom and its subtree: <paramref name="lead"/> starts its line, <paramref name="indent"/> the lines below it.</summary>
    internal static void Atom(StringBuilder builder, Derivation derivation, string lead, string indent)
    {
        builder.Append(lead).Append(derivation.Atom);
        switch (derivation.Kind)
        {
            case DerivationKind.Fact:
                builder.Append("   fact\n");
                return;
            case DerivationKind.Computed:
                builder.Append("   computed by an equation that is not a rule\n");
                return;
            case DerivationKind.Absent:
                builder.Insert(builder.Length - derivation.Atom.ToString().Length, "not ").Append("   holds: no such tuple\n");
                return;
        }
        builder.Append('\n');
        var rule = derivation.Rule!;
        builder.Append(indent).Append("\u2514\u2500 ").Append(rule.Text).Append("   ").Append(Where(rule)).Append('\n');
        var below = indent + "   ";
        for (var i = 0; i < derivation.Body.Length; i++)
        {
            var last = i == derivation.Body.Length - 1;
            Atom(builder, derivation.Body[i], below + (last ? "\u2514\u2500 " : "\u251C\u2500 "), below + (last ? "   " : "\u2502  "));
        }
    }
}
