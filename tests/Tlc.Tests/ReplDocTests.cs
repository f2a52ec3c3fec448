namespace TensorLogic.Tlc.Tests;

/// <summary>The REPL's <c>:doc NAME</c>: a name's <c>///</c> comment, as the program names it.</summary>
public sealed class ReplDocTests
{
    private const string Import = "P = [[1, 2]]\nimport \"std/nn.tl\" as net with X=P, In=2, Out=3\n";

    [Fact]
    public void A_module_tensor_shows_its_declaration_file_and_comment()
    {
        var result = TlcRun.InvokeWithInput(Import + ":doc net.W1\n", "repl");

        Assert.Equal("", result.Stderr);
        Assert.Equal("net.W1 : real[Hidden, In] (tensor, std/nn.tl)\n"
            + "Weights of the hidden layer: W1[h, i] connects feature i to hidden unit h.\n", result.Stdout);
    }

    [Fact]
    public void A_parameter_shows_its_default()
    {
        var result = TlcRun.InvokeWithInput(Import + ":doc net.Hidden\n", "repl");

        Assert.Equal("net.Hidden (parameter, default 16, std/nn.tl)\nUnits of the hidden layer.\n", result.Stdout);
    }

    [Fact]
    public void An_instance_shows_its_module_s_comment()
    {
        var result = TlcRun.InvokeWithInput(Import + ":doc net\n", "repl");

        Assert.StartsWith("net: an instance of std/nn.tl\nA multilayer perceptron with one hidden layer", result.Stdout);
    }

    [Fact]
    public void A_name_without_documentation_is_reported()
    {
        var result = TlcRun.InvokeWithInput(Import + ":doc net.Nothing\n", "repl");

        Assert.Equal("", result.Stdout);
        Assert.Equal("no documentation for 'net.Nothing'\n", result.Stderr);
    }
}
