using System.Text;

namespace TensorLogic.Syntax.Tests.Infrastructure;

/// <summary>
/// Random programs that follow the grammar, with random spacing and line breaks where the language allows
/// them. Most of them parse, so they exercise what random text rarely reaches: the formatter's choices of
/// parentheses, separators and spellings, which must read back as the same tree.
/// </summary>
internal sealed class ProgramGenerator(Random random)
{
    private static readonly string[] Variables = ["i", "j", "k", "x", "y", "p'", "p′", "d", "dk", "n''", "not", "import", "_t"];
    private static readonly string[] Constants = ["A", "Bob", "S", "L", "N", "Q'", "Δ"];
    private static readonly string[] Tensors = ["W", "X", "Emb", "M''", "M″", "Comp", "Y2", "É"];
    private static readonly string[] Functions = ["sig", "relu", "softmax", "exp", "pow", "lnorm", "concat", "f", "σ"];
    private static readonly string[] Numbers = ["0", "1", "2", "0.5", "1e3", "2.5E-2", "10000"];

    public string Program()
    {
        var builder = new StringBuilder();
        var count = 1 + random.Next(6);
        for (var k = 0; k < count; k++)
        {
            builder.Append(Statement());
            builder.Append(Pick([".", "\n", "\n", "\n", ". ", "\r\n", " # comment\n", " // comment\n", ".\n"]));
        }
        return builder.ToString();
    }

    private string Statement() => random.Next(12) switch
    {
        10 => Directive(),
        0 or 1 or 2 => $"{Target(lhs: true)} {Pick(["=", "=", "+=", "max=", "min=", "avg="])}{Break()}{Expression(3)}",
        3 => $"{Pick(Tensors)} = {Literal(1 + random.Next(3))}",
        4 => $"{Pick(Tensors)} = \"{Pick(["data.csv", "a b.txt", "q\\\"uote", "back\\\\slash", "tab\\t"])}\"",
        5 => $"\"out.npy\" = {Target(lhs: false)}",
        6 => $"{Atom()} {Pick(["<-", "←", ":-"])}{Break()}{string.Join("," + Break(), Enumerable.Range(0, 1 + random.Next(3)).Select(_ => BodyItem()))}",
        7 => string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Atom())),
        8 => $"{Target(lhs: false)}?",
        9 => $"{Pick(Tensors)} : {Pick(["real", "bool", "int"])}" + (random.Next(3) == 0 ? "" : $"[{List(1 + random.Next(3), () => Pick(["4", "8", "Person", "Obj"]))}]"),
        _ => $"import \"{Pick(["lib.tl", "dir/file.tl"])}\"",
    };

    private string Directive()
    {
        // Not List(): outside brackets a line break may follow a comma but not an item.
        var tensors = string.Join("," + Break(), Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(Tensors)));
        return random.Next(3) switch
        {
            0 => $"learn {Pick(Tensors)}" + (random.Next(2) == 0 ? "" : $" wrt {tensors}") + Maybe(" with " + Settings()),
            1 => $"fixed {tensors}",
            _ => $"init {tensors}" + Maybe(" with " + Settings()),
        };
    }

    private string Settings() =>
        string.Join("," + Break(), new[] { "lr", "epochs", "optimizer", "scheme", "examples", "out" }
            .Where(_ => random.Next(2) == 0)
            .Select(name => $"{name}{Pick(["=", " = "])}{Pick([.. Numbers, "-0.5", "−1", "adam", "he", "e", "O", "\"runs/a\""])}")
            .DefaultIfEmpty("lr=0.1"));

    private string Target(bool lhs) => random.Next(3) switch
    {
        0 => Pick(Tensors),
        1 => Atom(),
        _ => $"{Pick(Tensors)}[{List(1 + random.Next(3), () => lhs ? LhsIndex() : RhsIndex())}]",
    };

    private string Atom() => $"{Pick([.. Tensors, .. Constants])}({List(1 + random.Next(3), () => IndexExpression(2))})";

    private string BodyItem() => random.Next(5) switch
    {
        0 => $"not {Atom()}",
        1 => $"¬{Atom()}",
        2 => $"{IndexExpression(1)} {Pick(["==", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥"])} {IndexExpression(1)}",
        _ => Atom(),
    };

    private string LhsIndex() => random.Next(6) switch
    {
        0 => IndexExpression(2) + ".",
        1 => Pick(["*", "∗"]) + IndexExpression(1),
        _ => IndexExpression(2),
    };

    private string RhsIndex() => random.Next(7) switch
    {
        0 => "*" + IndexExpression(1),
        1 => $"{Maybe(Pick(Numbers[..3]))}:{Maybe(Pick(Numbers[..3]))}",
        _ => IndexExpression(2),
    };

    private string IndexExpression(int depth)
    {
        if (depth <= 0 || random.Next(3) == 0)
            return Pick([.. Variables, .. Constants, "0", "1", "4", "\"New York\""]);
        return random.Next(4) switch
        {
            0 => $"({IndexExpression(depth - 1)})",
            1 => $"-{IndexExpression(depth - 1)}",
            _ => $"{IndexExpression(depth - 1)}{Pick(["+", "-", "−", "*", "/", "%"])}{IndexExpression(depth - 1)}",
        };
    }

    private string Expression(int depth)
    {
        if (depth <= 0 || random.Next(4) == 0)
            return Primary();
        return random.Next(9) switch
        {
            0 => $"({Expression(depth - 1)})",
            1 => $"-{Expression(depth - 1)}",
            2 => $"{Pick(Functions)}({List(1 + random.Next(2), () => Expression(depth - 1))})",
            3 => $"{Expression(depth - 1)} {Expression(depth - 1)}",
            4 => $"{Expression(depth - 1)}^{Expression(depth - 1)}",
            _ => $"{Expression(depth - 1)} {Pick(["+", "-", "−", "*", "∗", "/", "%"])}{Break()}{Expression(depth - 1)}",
        };
    }

    private string Primary() => random.Next(5) switch
    {
        0 => Pick(Numbers),
        1 => Pick([.. Variables, .. Constants, .. Tensors]),
        2 => Atom(),
        _ => $"{Pick(Tensors)}[{List(1 + random.Next(3), RhsIndex)}]",
    };

    private string Literal(int rank) =>
        rank == 0
            ? Maybe(Pick(["-", "−"])) + Pick(Numbers)
            : $"[{List(1 + random.Next(3), () => Literal(rank - 1))}]";

    /// <summary>Items separated by commas, sometimes with a line break, which inside brackets is ignored.</summary>
    private string List(int count, Func<string> item) =>
        string.Join(", ", Enumerable.Range(0, count).Select(_ => item() + (random.Next(8) == 0 ? "\n" : "")));

    // A line break is allowed after an operator, '=', an arrow or a comma: the statement goes on.
    private string Break() => random.Next(6) == 0 ? "\n  " : " ";

    private string Maybe(string text) => random.Next(2) == 0 ? text : "";

    private string Pick(string[] choices) => choices[random.Next(choices.Length)];
}
