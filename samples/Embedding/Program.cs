using TensorLogic.Samples.Embedding;

// Prints what each call of docs/api.md returns; tests/Tlc.Tests/EmbeddingSampleTests.cs checks the same calls.
Console.WriteLine("ancestors of Alice: " + string.Join(", ", Examples.Ancestors("Alice")));
Console.WriteLine("perceptron: " + Examples.Perceptron([0.2, 1.9, -0.7, 3], [0, 1, 1, 0]));
var (parameters, loss) = Examples.Train(Examples.Xor);
Console.WriteLine($"xor: trained {string.Join(", ", parameters.Keys)} to a loss of {loss:F5}");
Console.WriteLine("xor outputs: " + string.Join(", ", Examples.Predict(Examples.Xor, parameters).Select(o => Math.Round(o))));
