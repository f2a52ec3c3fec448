using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Compiler.Semantics;

// Pass 2: named constants. A capitalized scalar defined exactly once, by '=' and an expression of numbers
// and other constants (S = 2, De = 2 Dk), is a constant: its value is known while checking, so it can
// appear in index positions (x/S, Emb[n, L, d]) and be folded into kernels.
public sealed partial class Binder
{
    private readonly Dictionary<string, (SourceStatement Statement, Expression Value)> _constantDefinitions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _constantsInProgress = new(StringComparer.Ordinal);

    private void EvaluateConstants()
    {
        ReportRedefinedConstants();
        foreach (var statement in _program.Statements)
        {
            if (statement.Statement is EquationStatement { Target.Style: ReferenceStyle.Scalar, Operator: ProjectionOperator.Assign } equation
                && Find(equation.Target.Name.Text) is { DefinitionCount: 1 } info
                && IsConstantExpression(equation.Value))
            {
                _constantDefinitions[info.Name] = (statement, equation.Value);
            }
        }
        foreach (var (name, definition) in _constantDefinitions.ToList())
        {
            if (ConstantValue(name) is not { } value)
                continue;
            var info = Find(name)!;
            info.Symbol.ConstantValue = value;
            // A constant declared int must be a whole number an int holds, as data must (C : int, then C = 1e30).
            CheckIntegerValues(info, [value], At(definition.Statement, definition.Statement.Statement));
        }
    }

    /// <summary>
    /// <c>S = 2</c> and later <c>S = 3</c>: equations with one left-hand side add up, so S would silently be 5
    /// and no longer a constant (x/S then has no size). Two numeric definitions are a mistake, reported here.
    /// </summary>
    private void ReportRedefinedConstants()
    {
        var definitions = _program.Statements
            .Where(s => s.Statement is EquationStatement { Target.Style: ReferenceStyle.Scalar, Operator: ProjectionOperator.Assign } e
                && IsConstantExpression(e.Value))
            .GroupBy(s => ((EquationStatement)s.Statement).Target.Name.Text);
        foreach (var group in definitions)
        {
            var list = group.ToList();
            if (list.Count < 2 || Find(group.Key) is not { } info || info.DefinitionCount != list.Count)
                continue;
            var first = (EquationStatement)list[0].Statement;
            _diagnostics.Report(Catalog.ConstantRedefined, At(list[1], list[1].Statement),
                $"constant '{group.Key}' is defined twice",
                $"keep one definition: equations with the same left-hand side add up, so '{group.Key}' would be their sum and not a constant",
                new DiagnosticNote(At(list[0], first), "first defined here"));
        }
    }

    private bool IsConstantExpression(Expression expression) => Descendants(expression).All(e => e switch
    {
        NumberLiteral => true,
        NameExpression name => name.Name.IsCapitalized,
        NegateExpression => true,
        BinaryExpression => true,
        CallExpression call => BuiltinFunction.Find(call.Function.Text) is { Kind: FunctionKind.Elementwise },
        _ => false,
    });

    /// <summary>The value of constant <paramref name="name"/>, or null if it is not a constant.</summary>
    private double? ConstantValue(string name)
    {
        if (Find(name) is { Symbol.ConstantValue: { } known })
            return known;
        if (!_constantDefinitions.TryGetValue(name, out var definition) || !_constantsInProgress.Add(name))
            return null;
        var value = EvaluateConstant(definition.Value);
        _constantsInProgress.Remove(name);
        if (value is { } v && Find(name) is { } info)
            info.Symbol.ConstantValue = v;
        return value;
    }

    private double? EvaluateConstant(Expression expression)
    {
        switch (expression)
        {
            case NumberLiteral number:
                return number.Value;
            case NameExpression name:
                return ConstantValue(name.Name.Text);
            case NegateExpression negate:
                return -EvaluateConstant(negate.Operand);
            case BinaryExpression binary:
                var left = EvaluateConstant(binary.Left);
                var right = EvaluateConstant(binary.Right);
                if (left is not { } l || right is not { } r)
                    return null;
                return ElementwiseFunctions.Apply(binary.Operator, l, r);
            case CallExpression call when BuiltinFunction.Find(call.Function.Text) is { } function:
                var arguments = call.Arguments.Select(EvaluateConstant).ToList();
                if (arguments.Any(a => a is null) || arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
                    return null;
                return ElementwiseFunctions.Apply(function, arguments.Select(a => a!.Value).ToArray());
            default:
                return null;
        }
    }

    /// <summary>An integer constant for an index position (S in x/S), reporting non-integers.</summary>
    private int? IndexConstant(IndexName name, SourceStatement statement)
    {
        if (ConstantValue(name.Name.Text) is not { } value)
            return null;
        if (value != Math.Floor(value) || Math.Abs(value) > int.MaxValue)
        {
            _diagnostics.Report(Catalog.NonIntegerIndex, At(statement, name),
                $"constant '{name.Name.Text}' is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} here, but an index must be an integer",
                $"define '{name.Name.Text}' as a whole number");
            return 0;
        }
        return (int)value;
    }
}
