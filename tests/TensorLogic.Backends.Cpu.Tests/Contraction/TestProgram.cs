using System.Text;

namespace TensorLogic.Backends.Cpu.Tests.Contraction;

/// <summary>
/// Builds a test program whose inputs are random data files:
/// <c>new TestProgram().Real("A", 20, 30).Equation("Y[i] = A[i, j]")</c> declares <c>A : real[20, 30]</c>,
/// reads it from "A.npy" (invented by <see cref="RandomDataReader"/>), and adds the equation.
/// </summary>
internal sealed class TestProgram
{
    private readonly StringBuilder _text = new();

    public RandomDataReader Reader { get; } = new();

    public string Text => _text.ToString();

    public TestProgram Real(string name, params int[] shape)
    {
        Reader.Real($"{name}.npy", shape);
        return Declare(name, "real", shape);
    }

    public TestProgram Boolean(string name, double density, params int[] shape)
    {
        Reader.Boolean($"{name}.npy", density, shape);
        return Declare(name, "bool", shape);
    }

    public TestProgram Equation(string equation)
    {
        _text.Append(equation).Append('\n');
        return this;
    }

    public ContractionCase Compile() => ContractionCase.Compile(Text, Reader);

    private TestProgram Declare(string name, string type, int[] shape)
    {
        _text.Append($"{name} : {type}[{string.Join(", ", shape)}]\n{name} = \"{name}.npy\"\n");
        return this;
    }
}
