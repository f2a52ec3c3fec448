using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class ParameterFileNamesTests
{
    [Theory]
    [InlineData("W", "W")]
    [InlineData("M'", "M_prime")]
    [InlineData("M''", "M_prime_prime")]
    [InlineData("M\u2032", "M_prime")]
    [InlineData("M\u2033", "M_prime_prime")]
    [InlineData("Wq_2", "Wq_2")]
    [InlineData("θ", "θ")]
    [InlineData("a/b c", "a_u002Fb_u0020c")]
    [InlineData("", "_")]
    public void Names_are_spelled_safely(string name, string spelled)
    {
        Assert.Equal(spelled, ParameterFileNames.Spell(name));
    }

    [Fact]
    public void Names_that_meet_in_one_spelling_are_numbered_in_order()
    {
        var files = ParameterFileNames.Assign(["M'", "M_prime", "M\u2032", "W", "w"]);
        Assert.Equal("M_prime.npy", files["M'"]);
        Assert.Equal("M_prime_2.npy", files["M_prime"]);
        Assert.Equal("M_prime_3.npy", files["M\u2032"]);
        Assert.Equal("W.npy", files["W"]);
        Assert.Equal("w_2.npy", files["w"]); // a file system that ignores case would merge W.npy and w.npy
    }

    [Fact]
    public void A_name_given_twice_is_a_bug()
    {
        Assert.Throws<ArgumentException>(() => ParameterFileNames.Assign(["W", "W"]));
    }
}
