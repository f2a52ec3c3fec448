using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Semantics;

/// <summary>
/// The meaning of equations, each case with its value worked out by hand in the comment, run on every
/// engine in both chainings; each must print that value, within the engine's precision.
/// </summary>
public class EquationSemanticsTests
{
    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Perceptron_sums_the_index_missing_on_the_left(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // W·X = 1.9 - 0.7 = 1.2 > 0, so step gives 1; without the sum: step of each product.
        var json = ProgramRunner.Json(run, """
            W = [0.2, 1.9, -0.7, 3]
            X = [0, 1, 1, 0]
            Y = step(W[i] X[i])
            Y?
            V[i] = step(W[i] X[i])
            V?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Y?","shape":[],"data":[1]}
            {"query":"V?","shape":[4],"data":[0,1,0,0]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Each_term_is_projected_on_its_own(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // W·X = 1.2 plus C once (not |i| = 4 times): 1.2 + 0.5 = 1.7.
        var json = ProgramRunner.Json(run, """
            W = [0.2, 1.9, -0.7, 3]
            X = [0, 1, 1, 0]
            C = 0.5
            Y = W[i] X[i] + C
            Y?
            """);
        AnswerAssert.Equivalent("""{"query":"Y?","shape":[],"data":[1.7]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_NaN_added_into_a_cell_makes_it_NaN_and_the_run_ends(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // log(1.5) + (4.25 - 5) = 0.405465 - 0.75 = -0.344535; log(-2.75) is NaN, and so is every sum it enters
        // (summed over the cells of a loop term, and scattered by a relation's tuples). The GPU engine's atomic add
        // once spun forever on a NaN.
        var json = ProgramRunner.Json(run, """
            A = [[1.5, -2.75]]
            V = [4.25, -5]
            G[i, j] = log(A[i, j]) + V[k]
            G?
            S = log(A[i, j]) + V[k]
            S?
            L[k] = log(V[k])
            R(0, 0)
            R(0, 1)
            R(1, 0)
            Y[x] = R(x, k) L[k]
            Y?
            """);
        AnswerAssert.Equivalent("""
            {"query":"G?","shape":[1,2],"data":[-0.3445348918918356,"NaN"]}
            {"query":"S?","shape":[],"data":["NaN"]}
            {"query":"Y?","shape":[2],"data":["NaN",1.4469189829363254]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Max_pooling_of_a_negative_block_is_negative_and_sizes_follow_the_stride(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // 4x4 with S = 2 → 2x2 blocks; the bottom blocks are all negative, so their max is negative, not 0.
        var json = ProgramRunner.Json(run, """
            S = 2
            F = [[1, 2, 3, 4], [5, 6, 7, 8], [-1, -2, -3, -4], [-5, -6, -7, -8]]
            Max[x/S, y/S] max= F[x, y]
            Max?
            Min[x/S, y/S] min= F[x, y]
            Min?
            Avg[x/S, y/S] avg= F[x, y]
            Avg?
            Sum[x/S, y/S] = F[x, y]
            Sum?
            """);
        AnswerAssert.Equivalent("""
            {"query":"Max?","shape":[2,2],"data":[6,8,-1,-3]}
            {"query":"Min?","shape":[2,2],"data":[1,3,-6,-8]}
            {"query":"Avg?","shape":[2,2],"data":[3.5,5.5,-3.5,-5.5]}
            {"query":"Sum?","shape":[2,2],"data":[14,22,-14,-22]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Cells_no_binding_reaches_keep_their_data(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Layer 0 is data; X[1, j] = relu(Σ_k W[1, j, k] X[0, k]); X[0, ·] has no valid binding (X[-1, k]).
        // W[1] = [[1, 1], [1, -1]], X[0] = [2, 3]: X[1] = relu([5, -1]) = [5, 0].
        var json = ProgramRunner.Json(run, """
            X = [[2, 3], [0, 0]]
            W = [[[0, 0], [0, 0]], [[1, 1], [1, -1]]]
            X[i, j] = relu(W[i, j, k] X[i-1, k])
            X?
            """);
        AnswerAssert.Equivalent("""{"query":"X?","shape":[2,2],"data":[2,3,5,0]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Convolution_is_zero_padded_with_the_input_size(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Y[x] = Σ_dx F[dx] I[x+dx] with F = [1, 10]: [1+20, 2+30, 3+0] = [21, 32, 3].
        var json = ProgramRunner.Json(run, """
            I = [1, 2, 3]
            F = [1, 10]
            Y[x] = F[dx] I[x+dx]
            Y?
            """);
        AnswerAssert.Equivalent("""{"query":"Y?","shape":[3],"data":[21,32,3]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_term_lacking_an_index_is_broadcast(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            V = [1, 2, 3]
            Y[i] = V[i] - 1
            Y?
            """);
        AnswerAssert.Equivalent("""{"query":"Y?","shape":[3],"data":[0,1,2]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Softmax_normalizes_the_dotted_axis_over_reached_cells_only(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Before(q, p) is the causal mask: row 0 reaches only q = 0 (weight 1); row 1 reaches q = 0, 1
        // with scores 0 and ln 3, so softmax gives 1/4 and 3/4.
        var json = ProgramRunner.Json(run, """
            Before(0, 0)
            Before(0, 1)
            Before(1, 1)
            S = [[0, 5], [0, 1.0986122886681098]]
            P[p, q.] = softmax(Before(q, p) S[p, q])
            P?
            """);
        AnswerAssert.Equivalent("""{"query":"P?","shape":[2,2],"data":[1,0,0.25,0.75]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Layer_norm_has_zero_mean_and_unit_variance(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // [1, 3]: mean 2, variance 1 → (x - 2)/sqrt(1 + 1e-5).
        var json = ProgramRunner.Json(run, """
            X = [1, 3]
            Y[i] = lnorm(X[i])
            Y?
            """);
        var scale = 1 / Math.Sqrt(1 + 1e-5);
        AnswerAssert.Equivalent($$"""{"query":"Y?","shape":[2],"data":[{{(-scale).ToString("R")}},{{scale.ToString("R")}}]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Concat_flattens_right_only_indices_row_major(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // M[p, h*2 + d] = A[h, p, d].
        var json = ProgramRunner.Json(run, """
            A = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
            M[p, m] = concat(A[h, p, d])
            M?
            """);
        AnswerAssert.Equivalent("""{"query":"M?","shape":[2,4],"data":[1,2,5,6,3,4,7,8]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Sigmoid_with_temperature_zero_is_the_step(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            X = [-1, 0, 2]
            T = 0
            Y[i] = sig(X[i], T)
            Y?
            Z[i] = sig(X[i], 2)
            Z?
            """);
        var z = new[] { -1.0, 0, 2 }.Select(x => (1 / (1 + Math.Exp(-x / 2))).ToString("R")).ToArray();
        AnswerAssert.Equivalent($$"""
            {"query":"Y?","shape":[3],"data":[0,0,1]}
            {"query":"Z?","shape":[3],"data":[{{string.Join(",", z)}}]}
            """, json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Index_values_are_numbers_and_even_odd_select_cases(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // P[p, d] = Even(d) p + Odd(d) 10 p  for p in 0..1, d in 0..1.
        var json = ProgramRunner.Json(run, """
            Z : real[2, 2]
            P[p, d] = Even(d) p Z'[p, d] + Odd(d) 10 p Z'[p, d]
            Z'[p, d] = Z[p, d] + 1
            P?
            """);
        AnswerAssert.Equivalent("""{"query":"P?","shape":[2,2],"data":[0,0,1,10]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_virtual_index_loops_once_per_step_and_keeps_only_the_current_state(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // X[*t+1] = X[*t] + U[t] over 5 steps from X = 1: 1 + (1+2+3+4+5) = 16.
        var json = ProgramRunner.Json(run, """
            X = [1]
            U = [1, 2, 3, 4, 5]
            X[i, *t+1] = X[i, *t] + U[t]
            X?
            """);
        AnswerAssert.Equivalent("""{"query":"X?","shape":[1],"data":[16]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Loops_that_read_each_other_at_the_current_step_step_together_and_their_final_state_is_read_after(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // H goes [0, 0] -> [1, 0] -> [0.5, 1] -> [0.25, 0.5]. Acc adds the state each step starts from:
        // 0 + 1 + 1.5 = 2.5 (not 3 times the final state's 0.75). Out reads H after the loop: its final state.
        var json = ProgramRunner.Json(run, """
            U = [[1, 0, 0], [0, 1, 0]]
            W = [[0.5, 0], [0, 0.5]]
            H[i, *t+1] = W[i, j] H[j, *t] + U[i, t]
            Acc[*t+1] = Acc[*t] + H[j, *t]
            Out[i] = 2 H[i] + Acc
            Out?
            """);
        AnswerAssert.Equivalent("""{"query":"Out?","shape":[2],"data":[3,3.5]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Index_shift_recursion_computes_every_layer(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // A[l+1] = 2 A[l] from A[0] = 1: [1, 2, 4, 8].
        var json = ProgramRunner.Json(run, """
            A : real[4]
            A[0] = 1
            A[l+1] = 2 A[l]
            A?
            """);
        AnswerAssert.Equivalent("""{"query":"A?","shape":[4],"data":[1,2,4,8]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_recursion_that_does_not_converge_stops_at_the_limit_with_a_warning(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var result = ProgramRunner.Run(run, """
            X : real[1]
            X = [1]
            X[i] = X[i] X[i] + 1
            X?
            """, options: new Execution.EvaluationOptions { MaxIterations = 5 });
        Assert.Single(result.Answers);
        Assert.Contains("error TL5006: 'X' did not converge within 5 iterations", result.Diagnostics);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_converging_real_recursion_reaches_its_fixpoint(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // x = 0.5 x + 1 converges to 2; iteration stops once a step changes x by at most the tolerance 1e-9,
        // so x is within 2e-9 of 2; it approaches 2 from below, and rounding cannot carry it past 2. An
        // engine whose precision is coarser than the step may stop further off, within its tolerance.
        var json = ProgramRunner.Json(run, """
            X : real
            X = 0.5 X + 1
            X?
            """);
        var value = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("data")[0].GetDouble();
        Assert.InRange(value, 2 - Math.Max(2e-9, 2 * run.Tolerance), 2);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Index_shift_recursion_runs_as_a_loop_over_the_shifted_index(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // 300 layers: one layered sweep plus one confirming sweep, far under an iteration limit of 3
        // (plain fixpoint iteration would need one sweep per layer and stop at the limit with a warning).
        var result = ProgramRunner.Run(run, """
            A : real[301]
            A[0] = 1
            A[l+1] = A[l] + 1
            A[300]?
            """, options: new Execution.EvaluationOptions { MaxIterations = 3 });
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent("""{"query":"A[300]?","shape":[],"data":[301]}""", result.Text, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Within_a_layer_the_current_layer_is_finished_before_the_next_is_written(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // B[l] = 2 A[l] must see layer l of A before A[l+1] = A[l] + B[l] is written: A[l] = 3^l.
        var result = ProgramRunner.Run(run, """
            A : real[41]
            B : real[41]
            A[0] = 1
            A[l+1] = A[l] + B[l]
            B[l] = 2 A[l]
            A[40]?
            """, options: new Execution.EvaluationOptions { MaxIterations = 3 });
        Assert.Equal("", result.Diagnostics);
        AnswerAssert.Equivalent($$"""{"query":"A[40]?","shape":[],"data":[{{Math.Pow(3, 40).ToString("R")}}]}""", result.Text, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Min_recursion_is_single_source_shortest_paths(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // 0 →4→ 1 →1→ 2 →2→ 0 is a cycle back to the source: Dist[0] stays 0 (min, not 0 + 7). Dist[1] = 4,
        // Dist[2] = 4 + 1 = 5, Dist[3] = 10 directly; node 4 has no path: +∞, min='s identity.
        var json = ProgramRunner.Json(run, """
            Edge(0, 1)
            Edge(1, 2)
            Edge(2, 0)
            Edge(0, 3)
            Edge(2, 3)
            Cost : real[5, 5]
            Cost[0, 1] = 4.0
            Cost[1, 2] = 1.0
            Cost[2, 0] = 2.0
            Cost[0, 3] = 10.0
            Cost[2, 3] = 3.0
            Dist[0] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            Dist?
            """);
        // Dist[3] = min(10, Dist[2] + 3 = 8) = 8.
        AnswerAssert.Equivalent("""{"query":"Dist?","shape":[5],"data":[0,4,5,8,"Infinity"]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void Max_recursion_is_the_widest_path_and_data_combines_by_max(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // A path's width is its narrowest edge: min(W, C) = W - relu(W - C). Capacities 0→1: 5, 1→2: 3,
        // 0→2: 2, 2→0: 9, and Width[0] = 100 from its own equation. Width[1] = min(100, 5) = 5;
        // Width[2] = max(min(5, 3), min(100, 2)) = 3; the cycle brings min(3, 9) = 3 back to 0, and
        // max(100, 3) = 100 (summed, it would be 103).
        var json = ProgramRunner.Json(run, """
            Edge(0, 1)
            Edge(1, 2)
            Edge(0, 2)
            Edge(2, 0)
            Cap : real[3, 3]
            Cap[0, 1] = 5.0
            Cap[1, 2] = 3.0
            Cap[0, 2] = 2.0
            Cap[2, 0] = 9.0
            Width[0] = 100.0
            Width[y] max= Edge(x, y) (Width[x] - relu(Width[x] - Cap[x, y]))
            Width?
            """);
        AnswerAssert.Equivalent("""{"query":"Width?","shape":[3],"data":[100,5,3]}""", json, run);
    }

    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_max_tensor_cell_nothing_reaches_is_minus_infinity_and_others_ignore_the_default_zero(string engine)
    {
        var run = EngineMatrix.Get(engine);
        // Only cells 0 and 1 are reached; under max= an unreached cell has no value, shown as -Infinity, and a
        // reached all-negative cell keeps its negative maximum.
        var json = ProgramRunner.Json(run, """
            X = [-3, -1, -2, -5]
            Pair : real[3]
            Pair[i/2] max= X[i]
            Pair?
            """);
        AnswerAssert.Equivalent("""{"query":"Pair?","shape":[3],"data":[-1,-2,"-Infinity"]}""", json, run);
    }

    /// <summary>
    /// A slice is rebased to 0 and binds the left-hand-side variable it stands in for: X[q, j] = F[3:5, j] is
    /// rows 3 and 4 of F (not their sum broadcast over q), Y[k] = F[1:3, 0] is F[1, 0], F[2, 0], and two slices bind two variables in order (an outer product).
    /// </summary>
    [Theory]
    [MemberData(nameof(EngineMatrix.All), MemberType = typeof(EngineMatrix))]
    public void A_slice_binds_the_left_hand_side_variable_to_its_rebased_positions(string engine)
    {
        var run = EngineMatrix.Get(engine);
        var json = ProgramRunner.Json(run, """
            F = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]
            X[q, j] = F[3:5, j]
            X?
            Y[k] = F[1:3, 0]
            Y?
            Z[p, q] = F[:2, 1] F[3:, 0]
            Z?
            """);
        AnswerAssert.Equivalent("""
            {"query":"X?","shape":[2,2],"data":[6,7,8,9]}
            {"query":"Y?","shape":[2],"data":[2,4]}
            {"query":"Z?","shape":[2,2],"data":[6,8,18,24]}
            """, json, run);
    }
}
