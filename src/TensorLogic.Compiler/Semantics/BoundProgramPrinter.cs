using System.Globalization;
using System.Text;

namespace TensorLogic.Compiler.Semantics;

/// <summary>
/// The canonical text of a checked program (<c>tlc check --emit bound</c>): tensors with types and shapes,
/// domains, equations in canonical form with their terms' variables, data, outputs and strata.
/// </summary>
public static class BoundProgramPrinter
{
    public static string Print(BoundProgram program)
    {
        var builder = new StringBuilder();
        builder.Append("domains\n");
        foreach (var domain in program.Domains.Where(d => program.Tensors.Any(t => t.Domains.Contains(d))))
        {
            builder.Append("  ").Append(domain.Name).Append(": ");
            builder.Append(domain.Kind == DomainKind.Symbol ? $"{{{string.Join(", ", domain.Symbols.Names)}}}" : $"0..{domain.Size - 1}");
            builder.Append('\n');
        }
        builder.Append("tensors\n");
        foreach (var tensor in program.Tensors)
            builder.Append("  ").Append(Describe(tensor)).Append('\n');
        builder.Append("equations\n");
        foreach (var equation in program.Equations)
            builder.Append("  ").Append(Print(equation)).Append('\n');
        builder.Append("strata\n");
        foreach (var stratum in program.Strata.Where(s => !s.Equations.IsEmpty))
        {
            builder.Append("  {").Append(string.Join(", ", stratum.Tensors.Select(t => t.Name))).Append('}');
            builder.Append(stratum.IsRecursive ? " recursive" : "").Append('\n');
        }
        if (program.Learning is { } learning)
            builder.Append(Print(learning));
        return builder.ToString();
    }

    /// <summary>The learning directives as bound: settings that were given, in the table's order, as name=value.</summary>
    public static string Print(BoundLearning learning)
    {
        var builder = new StringBuilder("learning\n");
        builder.Append("  loss ").Append(learning.Loss.Name).Append('\n');
        builder.Append("  learned ").Append(learning.HasExplicitLearned
            ? string.Join(", ", learning.Learned.Select(t => t.Name))
            : "by default: every tensor without data or equations, unless fixed").Append('\n');
        if (!learning.Fixed.IsEmpty)
            builder.Append("  fixed ").Append(string.Join(", ", learning.Fixed.Select(t => t.Name))).Append('\n');
        foreach (var init in learning.Inits)
        {
            var scale = init.Scale is { } s ? $" scale={LearningSettingTable.Format(s)}" : "";
            builder.Append("  init ").Append(init.Tensor.Name).Append(" scheme=").Append(init.Scheme).Append(scale).Append('\n');
        }
        var settings = LearningSettingTable.Learn
            .Select(d => (d.Name, Value: d.Get(learning.Settings)))
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={LearningSettingTable.Format(p.Value!)}")
            .ToList();
        if (settings.Count > 0)
            builder.Append("  with ").Append(string.Join(", ", settings)).Append('\n');
        return builder.ToString();
    }

    public static string Describe(TensorSymbol tensor)
    {
        var type = tensor.Type switch
        {
            ElementType.Boolean => "bool",
            ElementType.Integer => "int",
            _ => "real",
        };
        var text = $"{tensor.Name} : {type}";
        if (tensor.Rank > 0)
            text += $"[{string.Join(", ", tensor.Domains.Select(d => $"{d.Name}={d.Size}"))}]";
        if (tensor.ConstantValue is { } value)
            text += $" = {value.ToString(CultureInfo.InvariantCulture)}";
        if (tensor.VirtualPosition >= 0)
            text += $" virtual@{tensor.VirtualPosition}";
        return text;
    }

    public static string Print(BoundEquation equation)
    {
        var aggregation = equation.Aggregation switch
        {
            Aggregation.Max => "max=",
            Aggregation.Min => "min=",
            Aggregation.Average => "avg=",
            _ => "+=",
        };
        var terms = string.Join(" ", equation.Terms.Select((t, i) => (t.Sign < 0 ? "- " : i == 0 ? "" : "+ ") + Print(t)));
        if (equation.Function is { } function)
        {
            var extra = string.Concat(function.ExtraArguments.Select(a => ", " + Print(a)));
            var axes = function.NormalizedAxes.IsDefaultOrEmpty ? "" : $" along {string.Join(",", function.NormalizedAxes)}";
            terms = $"{function.Function.Name}({terms}{extra}){axes}";
        }
        var step = equation.Target.Tensor.IsBoolean ? " (Boolean: step of the sum)" : "";
        return $"{Print(equation.Target)} {aggregation} {terms}{step}";
    }

    private static string Print(BoundTerm term) =>
        $"Σ[{string.Join(",", term.Variables.Select(v => v.Name))}] " +
        (term.Factors.IsEmpty ? "1" : string.Join(" ", term.Factors.Select(Print)));

    public static string Print(BoundTensorRef reference)
    {
        var indices = reference.Indices.Select(i => i.ToString()).ToList();
        if (reference.Virtual is { } v)
            indices.Insert(Math.Min(v.Position, indices.Count), "*" + v.Variable.Name + (v.Offset > 0 ? $"+{v.Offset}" : ""));
        return indices.Count == 0 ? reference.Tensor.Name : $"{reference.Tensor.Name}[{string.Join(", ", indices)}]";
    }

    public static string Print(BoundExpression expression) => expression switch
    {
        BoundConstant constant => constant.Value.ToString(CultureInfo.InvariantCulture),
        BoundTensorRead read => Print(read.Reference),
        BoundIndexValue value => $"#{value.Index}",
        BoundCall call => $"{call.Function.Name}({string.Join(", ", call.Arguments.Select(Print))})",
        BoundUnary { Operator: UnaryOperator.Negate } unary => $"-{Print(unary.Operand)}",
        BoundUnary { Operator: UnaryOperator.Reciprocal } unary => $"1/{Print(unary.Operand)}",
        BoundUnary unary => $"not {Print(unary.Operand)}",
        BoundBinary binary => $"({Print(binary.Left)} {Symbol(binary.Operator)} {Print(binary.Right)})",
        BoundComparison comparison => $"[{comparison.Left} {Syntax.Formatting.Formatter.Format(comparison.Operator)} {comparison.Right}]",
        BoundIndexPredicate predicate => $"{predicate.Kind}({predicate.Index})",
        _ => "?",
    };

    /// <summary>How a binary operator is printed, here and in the IR dump.</summary>
    public static string Symbol(Syntax.Tree.BinaryOperator op) => op switch
    {
        Syntax.Tree.BinaryOperator.Add => "+",
        Syntax.Tree.BinaryOperator.Subtract => "-",
        Syntax.Tree.BinaryOperator.Join => "*",
        Syntax.Tree.BinaryOperator.Divide => "/",
        Syntax.Tree.BinaryOperator.Modulo => "%",
        _ => "^",
    };
}
