using System.Text;

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

    private static void Atom(StringBuilder builder, Derivation derivation, string lead, string indent)
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
        builder.Append(indent).Append("\u2514\u2500 ").Append(rule.Text)
            .Append("   (").Append(Path.GetFileName(rule.Location.Source.Path)).Append(':').Append(rule.Location.Start.Line).Append(")\n");
        var below = indent + "   ";
        for (var i = 0; i < derivation.Body.Length; i++)
        {
            var last = i == derivation.Body.Length - 1;
            Atom(builder, derivation.Body[i], below + (last ? "\u2514\u2500 " : "\u251C\u2500 "), below + (last ? "   " : "\u2502  "));
        }
    }
}
