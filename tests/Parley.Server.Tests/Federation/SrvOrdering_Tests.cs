using Parley.Server.Federation;

namespace Parley.Server.Tests.Federation;

/// <summary>RFC 2782 target selection: priority order, then a weighted draw.</summary>
public sealed class SrvOrdering_Tests
{
    private static IReadOnlyList<SrvRecordData> Order(Random random, params SrvRecordData[] records) =>
        SrvOrdering.Order(records, r => r.Priority, r => r.Weight, random);

    [Fact]
    public void Every_record_of_a_lower_priority_comes_before_any_of_a_higher_one()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var ordered = Order(random,
                new(20, 90, 1, "c"), new(10, 1, 1, "a"), new(30, 0, 1, "d"), new(10, 50, 1, "b"), new(20, 10, 1, "e"));

            Assert.Equal([10, 10, 20, 20, 30], ordered.Select(r => r.Priority));
            Assert.Equal(5, ordered.Select(r => r.Target).Distinct().Count());
        }
    }

    [Fact]
    public void Heavier_records_come_first_more_often_and_zero_weight_rarely()
    {
        var random = new Random(42);
        var firsts = new Dictionary<string, int> { ["heavy"] = 0, ["light"] = 0, ["zero"] = 0 };
        for (var i = 0; i < 3000; i++)
            firsts[Order(random, new(10, 0, 1, "zero"), new(10, 10, 1, "light"), new(10, 90, 1, "heavy"))[0].Target]++;

        // Expected about 2670, 297 and 30 (weights 90 : 10 : the one draw in 101 that lands on 0).
        Assert.InRange(firsts["heavy"], 2500, 2850);
        Assert.InRange(firsts["light"], 200, 400);
        Assert.InRange(firsts["zero"], 5, 80);
    }

    [Fact]
    public void All_zero_weights_are_drawn_with_equal_chances()
    {
        var random = new Random(3);
        var firsts = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            var ordered = Order(random, new(5, 0, 1, "a"), new(5, 0, 1, "b"), new(5, 0, 1, "c"));
            Assert.Equal(["a", "b", "c"], ordered.Select(r => r.Target).Order());
            firsts.Add(ordered[0].Target);
        }
        Assert.Equal(["a", "b", "c"], firsts.Order());
    }
}
