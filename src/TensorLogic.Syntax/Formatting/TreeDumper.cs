using System.Globalization;
using System.Text;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Syntax.Formatting;

/// <summary>
/// The debugging view of a syntax tree (<c>tlc parse --tree</c>): one node per line, indented by depth,
/// with its kind, its payload and its position as line:col-line:col.
/// </summary>
public sealed class TreeDumper
{
    private readonly SourceText _source;
    private readonly StringBuilder _builder = new();
    private int _depth;

    private TreeDumper(SourceText source) => _source = source;

    public static string Dump(CompilationUnit unit)
    {
        var dumper = new TreeDumper(unit.Source);
        dumper.Node("Program", unit.Span, () =>
        {
            foreach (var statement in unit.Statements)
                dumper.Statement(statement);
        });
        return dumper._builder.ToString();
    }

    private void Statement(Statement statement)
    {
        switch (statement)
        {
            case EquationStatement e:
                Node($"Equation {Formatter.Format(e.Operator)}", e.Span, () => { Reference(e.Target); Expression(e.Value); });
                break;
            case LiteralStatement l:
                Node($"Literal {Formatter.Format(l.Operator)}", l.Span, () => { Reference(l.Target); Literal(l.Value); });
                break;
            case FileReadStatement r:
                Node($"FileRead {Formatter.Format(r.Operator)} \"{r.Path.Value}\"", r.Span, () => Reference(r.Target));
                break;
            case FileWriteStatement w:
                Node($"FileWrite \"{w.Path.Value}\"", w.Span, () => Reference(w.Source));
                break;
            case RuleStatement r:
                Node("Rule", r.Span, () =>
                {
                    Reference(r.Head);
                    foreach (var literal in r.Body)
                        Body(literal);
                });
                break;
            case FactStatement f:
                Node("Fact", f.Span, () => Reference(f.Fact));
                break;
            case QueryStatement q:
                Node("Query", q.Span, () => Reference(q.Target));
                break;
            case DeclarationStatement d:
                Leaf($"Declaration {Formatter.Format(d)}", d.Span);
                break;
            case ImportStatement { Alias: null } i:
                Leaf($"Import \"{i.Path.Value}\"", i.Span);
                break;
            case ImportStatement i:
                Node($"Import \"{i.Path.Value}\" as {i.Alias.Text}", i.Span, () => Settings(i.Arguments));
                break;
            case InputStatement i:
                Node("Input", i.Span, () => Names("Tensor", i.Tensors));
                break;
            case ParamStatement p:
                Node("Param", p.Span, () =>
                {
                    foreach (var parameter in p.Parameters)
                        Leaf(parameter.Default is { } value ? $"Parameter {parameter.Name.Text} default {value.Text}" : $"Parameter {parameter.Name.Text}", parameter.Span);
                });
                break;
            case LearnStatement l:
                Node("Learn", l.Span, () =>
                {
                    Leaf($"Loss {l.Loss.Text}", l.Loss.Span);
                    Names("Learned", l.Learned);
                    Settings(l.Settings);
                });
                break;
            case FixedStatement f:
                Node("Fixed", f.Span, () => Names("Tensor", f.Tensors));
                break;
            case InitStatement i:
                Node("Init", i.Span, () =>
                {
                    Names("Tensor", i.Tensors);
                    Settings(i.Settings);
                });
                break;
        }
    }

    private void Names(string label, IEnumerable<Identifier> names)
    {
        foreach (var name in names)
            Leaf($"{label} {name.Text}", name.Span);
    }

    private void Settings(IEnumerable<Setting> settings)
    {
        foreach (var setting in settings)
        {
            var value = setting.Value switch
            {
                NumberSettingValue number => $"Number {number.Text}",
                StringSettingValue text => $"String \"{text.Value}\"",
                _ => $"Name {setting.Value.Text}",
            };
            Node($"Setting {setting.Name.Text}", setting.Span, () => Leaf(value, setting.Value.Span));
        }
    }

    private void Body(BodyLiteral literal)
    {
        switch (literal)
        {
            case AtomLiteral atom:
                Node(atom.IsNegated ? "NegatedAtom" : "Atom", atom.Span, () => Reference(atom.Atom));
                break;
            case ComparisonLiteral comparison:
                Node($"Comparison {Formatter.Format(comparison.Operator)}", comparison.Span, () =>
                {
                    Index(comparison.Left);
                    Index(comparison.Right);
                });
                break;
        }
    }

    private void Reference(TensorReference reference)
    {
        var kind = reference.Style switch
        {
            ReferenceStyle.Scalar => "ScalarRef",
            ReferenceStyle.Bracket => "TensorRef",
            _ => "AtomRef",
        };
        Node($"{kind} {reference.Name.Text}", reference.Span, () =>
        {
            foreach (var item in reference.Indices)
                IndexItem(item);
        });
    }

    private void IndexItem(IndexItem item)
    {
        switch (item)
        {
            case PlainIndex plain:
                Node(plain.IsNormalized ? "NormalizedIndex" : "Index", plain.Span, () => Index(plain.Expression));
                break;
            case VirtualIndex virtualIndex:
                Node("VirtualIndex", virtualIndex.Span, () => Index(virtualIndex.Expression));
                break;
            case SliceIndex slice:
                Node("Slice", slice.Span, () =>
                {
                    if (slice.From is not null)
                        Index(slice.From);
                    else
                        Leaf("Open", slice.Span);
                    if (slice.To is not null)
                        Index(slice.To);
                    else
                        Leaf("Open", slice.Span);
                });
                break;
        }
    }

    private void Index(IndexExpression expression)
    {
        switch (expression)
        {
            case IndexName name:
                Leaf($"{(name.Name.IsCapitalized ? "Constant" : "Variable")} {name.Name.Text}", name.Span);
                break;
            case IndexNumber number:
                Leaf($"Integer {number.Value.ToString(CultureInfo.InvariantCulture)}", number.Span);
                break;
            case IndexSymbol symbol:
                Leaf($"Symbol \"{symbol.Value}\"", symbol.Span);
                break;
            case IndexNegate negate:
                Node("Negate", negate.Span, () => Index(negate.Operand));
                break;
            case IndexBinary binary:
                Node($"IndexBinary {binary.Operator}", binary.Span, () =>
                {
                    Index(binary.Left);
                    Index(binary.Right);
                });
                break;
        }
    }

    private void Expression(Expression expression)
    {
        switch (expression)
        {
            case NumberLiteral number:
                Leaf($"Number {number.Text}", number.Span);
                break;
            case NameExpression name:
                Leaf($"Name {name.Name.Text}", name.Span);
                break;
            case TensorExpression tensor:
                Reference(tensor.Reference);
                break;
            case CallExpression call:
                Node($"Call {call.Function.Text}", call.Span, () =>
                {
                    foreach (var argument in call.Arguments)
                        Expression(argument);
                });
                break;
            case NegateExpression negate:
                Node("Negate", negate.Span, () => Expression(negate.Operand));
                break;
            case BinaryExpression binary:
                Node(binary.Operator.ToString(), binary.Span, () =>
                {
                    Expression(binary.Left);
                    Expression(binary.Right);
                });
                break;
        }
    }

    private void Literal(TensorLiteral literal) =>
        Node($"TensorLiteral [{literal.Elements.Length}]", literal.Span, () =>
        {
            foreach (var element in literal.Elements)
            {
                if (element is TensorLiteral nested)
                    Literal(nested);
                else if (element is LiteralNumber number)
                    Leaf($"Number {number.Text}", number.Span);
            }
        });

    private void Node(string label, TextSpan span, Action children)
    {
        Leaf(label, span);
        _depth++;
        children();
        _depth--;
    }

    private void Leaf(string label, TextSpan span)
    {
        var start = _source.GetLinePosition(span.Start);
        var end = _source.GetLinePosition(span.End);
        _builder.Append(' ', _depth * 2).Append(label).Append(" @").Append(start).Append('-').Append(end).Append('\n');
    }
}
