namespace TensorLogic.Runtime.Tests.Training;

internal static class TrainingAssert
{
    /// <summary>Element by element within <paramref name="tolerance"/>, naming the first element that is not.</summary>
    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                Assert.Fail($"element {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
        }
    }
}
