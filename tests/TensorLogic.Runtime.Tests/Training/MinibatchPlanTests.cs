using TensorLogic.Runtime.Training;

namespace TensorLogic.Runtime.Tests.Training;

public class MinibatchPlanTests
{
    [Fact]
    public void Validation_and_training_partition_the_examples()
    {
        var plan = new MinibatchPlan(10, 3, 0.2, seed: 1);
        Assert.Equal(2, plan.Validation.Length);
        Assert.Equal(8, plan.Training.Length);
        Assert.Empty(plan.Validation.Intersect(plan.Training));
        Assert.Equal(Enumerable.Range(0, 10), plan.Validation.Concat(plan.Training).Order());
        Assert.Equal(plan.Training.Order(), plan.Training);
        Assert.Equal(plan.Validation.Order(), plan.Validation);
    }

    [Fact]
    public void Every_epoch_has_each_training_example_exactly_once_in_batches_of_the_size()
    {
        var plan = new MinibatchPlan(10, 3, 0.2, seed: 1);
        for (var epoch = 0; epoch < 5; epoch++)
        {
            var batches = plan.Epoch(epoch).ToList();
            Assert.Equal([3, 3, 2], batches.Select(b => b.Length));
            Assert.Equal(plan.Training, batches.SelectMany(b => b).Order());
        }
    }

    [Fact]
    public void The_split_and_the_orders_are_fixed_by_the_seed()
    {
        // Pinned, and checked against a Python transcription of TrainingRandom, Fork and Shuffle: the split
        // and the first epoch of seed 1 stay the same on every runtime and in every later version.
        var plan = new MinibatchPlan(10, 4, 0.3, seed: 1);
        Assert.Equal(PinnedValidation, plan.Validation);
        Assert.Equal(PinnedFirstEpoch, plan.Epoch(0).SelectMany(b => b));
        var again = new MinibatchPlan(10, 4, 0.3, seed: 1);
        Assert.Equal(plan.Epoch(3).SelectMany(b => b), again.Epoch(3).SelectMany(b => b));
        Assert.Equal(plan.Epoch(3).SelectMany(b => b), plan.Epoch(3).SelectMany(b => b));
    }

    [Fact]
    public void Another_seed_gives_another_split()
    {
        Assert.NotEqual(new MinibatchPlan(100, 10, 0.2, seed: 1).Validation, new MinibatchPlan(100, 10, 0.2, seed: 2).Validation);
    }

    [Fact]
    public void Each_epoch_has_its_own_order()
    {
        var plan = new MinibatchPlan(20, 5, 0, seed: 4);
        var orders = Enumerable.Range(0, 5).Select(e => string.Join(",", plan.Epoch(e).SelectMany(b => b))).ToList();
        Assert.Equal(5, orders.Distinct().Count());
    }

    [Fact]
    public void A_fraction_of_zero_holds_nothing_out()
    {
        var plan = new MinibatchPlan(5, 2, 0, seed: 1);
        Assert.Empty(plan.Validation);
        Assert.Equal([0, 1, 2, 3, 4], plan.Training);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(100)]
    public void Batch_size_zero_or_at_least_the_training_set_is_one_ascending_batch(int batchSize)
    {
        var plan = new MinibatchPlan(10, batchSize, 0.2, seed: 1);
        Assert.True(plan.IsFullBatch);
        var batch = Assert.Single(plan.Epoch(2));
        Assert.Equal(plan.Training, batch);
    }

    [Theory]
    [InlineData(5, 0.5, 3)]   // 2.5 rounds away from zero
    [InlineData(10, 0.01, 1)] // a positive fraction holds out at least one
    [InlineData(3, 0.9, 2)]   // round(2.7) = 3, but one must remain to train on
    [InlineData(1, 0.5, 0)]   // the only example trains
    [InlineData(0, 0.5, 0)]
    public void The_validation_count_is_rounded_and_bounded(int count, double fraction, int held)
    {
        var plan = new MinibatchPlan(count, 1, fraction, seed: 1);
        Assert.Equal(held, plan.Validation.Length);
        Assert.Equal(count - held, plan.Training.Length);
    }

    [Fact]
    public void One_example_is_one_batch_and_none_is_no_batch()
    {
        Assert.Equal([[0]], new MinibatchPlan(1, 4, 0.5, seed: 1).Epoch(0));
        Assert.Empty(new MinibatchPlan(0, 4, 0, seed: 1).Epoch(0));
    }

    [Fact]
    public void A_plan_forked_from_a_shared_random_does_not_depend_on_its_other_uses()
    {
        var root = new TrainingRandom(9);
        var plan = new MinibatchPlan(10, 3, 0.2, root.Fork("batches"));
        root.Fork("init").NextNormal();
        var fresh = new MinibatchPlan(10, 3, 0.2, new TrainingRandom(9).Fork("batches"));
        Assert.Equal(fresh.Validation, plan.Validation);
        Assert.Equal(fresh.Epoch(0).SelectMany(b => b), plan.Epoch(0).SelectMany(b => b));
    }

    [Theory]
    [InlineData(-1, 1, 0.0)]
    [InlineData(5, -1, 0.0)]
    [InlineData(5, 1, 1.0)]
    [InlineData(5, 1, -0.1)]
    [InlineData(5, 1, double.NaN)]
    public void Impossible_arguments_are_bugs(int count, int batchSize, double fraction)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinibatchPlan(count, batchSize, fraction, seed: 1));
    }

    private static readonly int[] PinnedValidation = [2, 3, 9];
    private static readonly int[] PinnedFirstEpoch = [6, 7, 8, 5, 1, 0, 4];
}
