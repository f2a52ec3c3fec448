using TensorLogic.Runtime.Output;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// The text form of answers: tables of bindings, truth, and numbers laid out by rank. It runs on every
/// engine and is compared exactly, since every value here is a small integer that every precision holds
/// exactly: what differs between engines would be the shapes and cells they hand to the writer.
/// </summary>
public class OutputFormatTests
{
    private static string Text(EngineCase engine, string program) =>
        string.Concat(ProgramRunner.Run(engine, program, format: TextAnswerWriter.Format).Answers);

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Small_tensors_print_in_full_and_large_ones_by_their_corners(string engine)
    {
        var run = EngineMatrix.Get(engine);
        Assert.Equal("M?\n  1  2\n  3  4\n", Text(run, "M = [[1, 2], [3, 4]]\nM?\n"));
        var large = Text(run, "B : real[40, 40]\nB[i, j] = i 40 + j\nB?\n");
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

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Relations_print_as_sorted_tables_and_ground_queries_as_truth(string engine)
    {
        var run = EngineMatrix.Get(engine);
        Assert.Equal("R(x, 1)?\n  x\n  -\n  2\n  3\nR(3, 1)? true\n", Text(run, "R(3, 1), R(2, 1), R(2, 2)\nR(x, 1)?\nR(3, 1)?\n"));
    }
}
