using System.Globalization;
using System.Text;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Syntax.Formatting;

/// <summary>
/// Prints a syntax tree in canonical form: one statement per line, ASCII spellings (<c>&lt;-</c>, <c>'</c>),
/// ", " between indices and arguments, spaces around binary operators and parentheses only where
/// precedence needs them. A whole program keeps its comments and paragraphs (<see cref="ProgramLayout"/>).
/// Formatting a formatted program gives the same text.
/// </summary>
public static class Formatter
{
    /// <summary>The canonical text of a program, with the comments and blank lines of its source.</summary>
    public static string Format(CompilationUnit unit) => ProgramLayout.Print(unit);

    public static string Format(Statement statement) => statement switch
    {
        EquationStatement e => $"{Format(e.Target)} {Format(e.Operator)} {Format(e.Value)}",
        LiteralStatement l => $"{Format(l.Target)} {Format(l.Operator)} {Format(l.Value)}",
        FileReadStatement r => $"{Format(r.Target)} {Format(r.Operator)} {Quote(r.Path.Value)}",
        FileWriteStatement w => $"{Quote(w.Path.Value)} = {Format(w.Source)}",
        RuleStatement r => $"{Format(r.Head)} <- {string.Join(", ", r.Body.Select(Format))}",
        FactStatement f => Format(f.Fact),
        QueryStatement q => $"{Format(q.Target)}?",
        DeclarationStatement d => FormatDeclaration(d),
        ImportStatement i => FormatImport(i),
        InputStatement i => $"input {string.Join(", ", i.Tensors.Select(n => n.Text))}",
        ParamStatement p => $"param {string.Join(", ", p.Parameters.Select(Format))}",
        LearnStatement l => $"learn {l.Loss.Text}{Clause("wrt", l.Learned.Select(n => n.Text))}{Clause("with", l.Settings.Select(Format))}",
        FixedStatement f => $"fixed {string.Join(", ", f.Tensors.Select(n => n.Text))}",
        InitStatement i => $"init {string.Join(", ", i.Tensors.Select(n => n.Text))}{Clause("with", i.Settings.Select(Format))}",
        _ => throw new ArgumentException($"unknown statement {statement.GetType().Name}"),
    };

    public static string Format(ProjectionOperator op) => op switch
    {
        ProjectionOperator.Add => "+=",
        ProjectionOperator.Max => "max=",
        ProjectionOperator.Min => "min=",
        ProjectionOperator.Average => "avg=",
        _ => "=",
    };

    private static string FormatDeclaration(DeclarationStatement declaration)
    {
        var head = $"{declaration.Name.Text} : {declaration.TypeName.Text}";
        if (declaration.Dimensions.IsEmpty)
            return head;
        var dimensions = declaration.Dimensions.Select(d => d switch
        {
            SizeDimension size => size.Size.ToString(CultureInfo.InvariantCulture),
            NamedDimension named => named.Name.Text,
            _ => "?",
        });
        return $"{head}[{string.Join(", ", dimensions)}]";
    }

    private static string FormatImport(ImportStatement import)
    {
        var alias = import.Alias is { } name ? $" as {name.Text}" : "";
        return $"import {Quote(import.Path.Value)}{alias}{Clause("with", import.Arguments.Select(Format))}";
    }

    /// <summary>A module parameter as <c>Name=default</c>, written like a setting, or its bare name.</summary>
    public static string Format(ModuleParameter parameter) =>
        parameter.Default is { } value ? $"{parameter.Name.Text}={value.Text}" : parameter.Name.Text;

    /// <summary>A directive's <c>wrt</c> or <c>with</c> clause, or nothing when its list is empty.</summary>
    private static string Clause(string word, IEnumerable<string> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? "" : $" {word} {text}";
    }

    /// <summary>A setting as <c>name=value</c>, without spaces, as command-line options are written.</summary>
    public static string Format(Setting setting) => setting.Value switch
    {
        StringSettingValue text => $"{setting.Name.Text}={Quote(text.Value)}",
        var value => $"{setting.Name.Text}={value.Text}",
    };

    public static string Format(BodyLiteral literal) => literal switch
    {
        AtomLiteral { IsNegated: true } atom => "not " + Format(atom.Atom),
        AtomLiteral atom => Format(atom.Atom),
        ComparisonLiteral c => $"{Format(c.Left)} {Format(c.Operator)} {Format(c.Right)}",
        _ => throw new ArgumentException($"unknown body literal {literal.GetType().Name}"),
    };

    public static string Format(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "==",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    public static string Format(TensorReference reference) => reference.Style switch
    {
        ReferenceStyle.Scalar => reference.Name.Text,
        ReferenceStyle.Bracket => $"{reference.Name.Text}[{string.Join(", ", reference.Indices.Select(Format))}]",
        _ => $"{reference.Name.Text}({string.Join(", ", reference.Indices.Select(Format))})",
    };

    public static string Format(IndexItem item) => item switch
    {
        PlainIndex { IsNormalized: true } plain => Format(plain.Expression) + ".",
        PlainIndex plain => Format(plain.Expression),
        VirtualIndex virtualIndex => "*" + Format(virtualIndex.Expression),
        SliceIndex slice => $"{(slice.From is null ? "" : Format(slice.From))}:{(slice.To is null ? "" : Format(slice.To))}",
        _ => throw new ArgumentException($"unknown index item {item.GetType().Name}"),
    };

    // ------------------------------------------------------------------ index expressions

    public static string Format(IndexExpression expression) => FormatIndex(expression, 0);

    private static int Precedence(IndexOperator op) => op is IndexOperator.Add or IndexOperator.Subtract ? 1 : 2;

    private static string FormatIndex(IndexExpression expression, int minimum)
    {
        switch (expression)
        {
            case IndexName name:
                return name.Name.Text;
            case IndexNumber number:
                return number.Value.ToString(CultureInfo.InvariantCulture);
            case IndexSymbol symbol:
                return Quote(symbol.Value);
            case IndexNegate negate:
                return "-" + FormatIndex(negate.Operand, 3);
            case IndexBinary binary:
                var precedence = Precedence(binary.Operator);
                // Left-associative: the right operand needs parentheses at equal precedence.
                var text = $"{FormatIndex(binary.Left, precedence)}{IndexOperatorText(binary.Operator)}{FormatIndex(binary.Right, precedence + 1)}";
                return precedence < minimum ? $"({text})" : text;
            default:
                throw new ArgumentException($"unknown index expression {expression.GetType().Name}");
        }
    }

    // Index arithmetic is printed tight (t+1, x/S), as the paper writes it.
    private static string IndexOperatorText(IndexOperator op) => op switch
    {
        IndexOperator.Add => "+",
        IndexOperator.Subtract => "-",
        IndexOperator.Multiply => "*",
        IndexOperator.Divide => "/",
        _ => "%",
    };

    // ------------------------------------------------------------------ expressions

    private const int AdditivePrecedence = 1;
    private const int MultiplicativePrecedence = 2;
    private const int UnaryPrecedence = 3;
    private const int PowerPrecedence = 4;
    private const int PrimaryPrecedence = 5;

    public static string Format(Expression expression) => FormatExpression(expression, 0);

    private static int Precedence(Expression expression) => expression switch
    {
        BinaryExpression { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => AdditivePrecedence,
        BinaryExpression { Operator: BinaryOperator.Power } => PowerPrecedence,
        BinaryExpression => MultiplicativePrecedence,
        NegateExpression => UnaryPrecedence,
        _ => PrimaryPrecedence,
    };

    private static string FormatExpression(Expression expression, int minimum)
    {
        var text = expression switch
        {
            NumberLiteral number => number.Text,
            NameExpression name => name.Name.Text,
            TensorExpression tensor => Format(tensor.Reference),
            CallExpression call => $"{call.Function.Text}({string.Join(", ", call.Arguments.Select(Format))})",
            NegateExpression negate => "-" + FormatExpression(negate.Operand, UnaryPrecedence),
            BinaryExpression binary => FormatBinary(binary),
            _ => throw new ArgumentException($"unknown expression {expression.GetType().Name}"),
        };
        return Precedence(expression) < minimum ? $"({text})" : text;
    }

    private static string FormatBinary(BinaryExpression binary)
    {
        if (binary.Operator == BinaryOperator.Power)
        {
            // The base of '^' is a primary; the exponent may be a unary or another power (right-associative).
            return $"{FormatExpression(binary.Left, PrimaryPrecedence)}^{FormatExpression(binary.Right, UnaryPrecedence)}";
        }
        var precedence = Precedence(binary);
        var left = FormatExpression(binary.Left, precedence);
        var right = FormatExpression(binary.Right, precedence + 1);
        var op = binary.Operator switch
        {
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Divide => " / ",
            BinaryOperator.Modulo => " % ",
            _ => JoinSeparator(left, right),
        };
        return left + op + right;
    }

    /// <summary>
    /// A join is written by juxtaposition, except where that would read differently: before a factor that
    /// starts with '-' (it would become a subtraction) and between a name and '(' (it would become a call).
    /// </summary>
    private static string JoinSeparator(string left, string right)
    {
        if (right.StartsWith('-'))
            return " * ";
        if (right.StartsWith('(') && left.Length > 0 && (char.IsLetterOrDigit(left[^1]) || left[^1] is '\'' or '_'))
            return " * ";
        return " ";
    }

    public static string Format(TensorLiteral literal) =>
        "[" + string.Join(", ", literal.Elements.Select(e => e switch
        {
            LiteralNumber number => number.Text,
            TensorLiteral nested => Format(nested),
            _ => "?",
        })) + "]";

    private static string Quote(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
