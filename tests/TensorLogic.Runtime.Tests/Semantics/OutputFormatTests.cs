using TensorLogic.Compiler;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Runtime.Reference;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>The text form of answers: tables of bindings, truth, and numbers laid out by rank.</summary>
public class OutputFormatTests
{
    private static string Text(string program)
    {
        var bound = Compilation.Compile([new SourceText(program, "t.tl")], null).Bound!;
        var session = new Session(bound, ReferenceEngine.Instance, new EvaluationOptions());
        return string.Concat(session.Run().OfType<AnswerResult>().Select(a => TextAnswerWriter.Format(a.Answer)));
    }

    [Fact]
    public void Small_tensors_print_in_full_and_large_ones_by_their_corners()
    {
        Assert.Equal("M?\n  1  2\n  3  4\n", Text("M = [[1, 2], [3, 4]]\nM?\n"));
        var large = Text("B : real[40, 40]\nB[i, j] = i 40 + j\nB?\n");
        Assert.Equal("""
            B?  (shape [40, 40]; corners shown, --format json prints every element)
                 0     1     2   ...    37    38    39
                40    41    42   ...    77    78    79
                80    81    82   ...   117   118   119
              ...
              1480  1481  1482   ...  1517  1518  1519
              1520  1521  1522   ...  1557  1558  1559
              1560  1561  1562   ...  1597  1598  1599

            """, large);
    }

    [Fact]
    public void Relations_print_as_sorted_tables_and_ground_queries_as_truth()
    {
        Assert.Equal("R(x, 1)?\n  x\n  -\n  2\n  3\nR(3, 1)? true\n", Text("R(3, 1), R(2, 1), R(2, 2)\nR(x, 1)?\nR(3, 1)?\n"));
    }
}
