using Parley.Load.Metrics;

namespace Parley.Bench.Tests;

public class RateStepperTests
{
    private static StepResult Good(double rate) => new(rate, rate, rate, 1, 5);

    private static StepResult Behind(double rate) => new(rate, rate, rate * 0.7, 400, 1500);

    [Fact]
    public void Steps_up_by_the_factor_while_the_server_keeps_up()
    {
        var stepper = new RateStepper(1000, factor: 2);
        Assert.Equal(2000, stepper.Next(Good(1000)));
        Assert.Equal(4000, stepper.Next(Good(2000)));
    }

    [Fact]
    public void After_the_first_failure_it_bisects_geometrically_then_stops()
    {
        var stepper = new RateStepper(1000, factor: 4, refinements: 2);
        Assert.Equal(4000, stepper.Next(Good(1000)));
        Assert.Equal(16000, stepper.Next(Good(4000)));
        Assert.Equal(8000, stepper.Next(Behind(16000)));       // sqrt(4000 * 16000)
        Assert.Equal(11314, stepper.Next(Good(8000)));         // sqrt(8000 * 16000)
        Assert.Null(stepper.Next(Behind(11314)));              // refinements used up
        Assert.Equal(8000, stepper.Saturation()!.Offered);
    }

    [Fact]
    public void Stops_when_the_gap_is_already_narrow()
    {
        var stepper = new RateStepper(1000, factor: 1.05, refinements: 5);
        Assert.Equal(1050, stepper.Next(Good(1000)));
        Assert.Null(stepper.Next(Behind(1050)));
    }

    [Fact]
    public void Stops_after_the_maximum_number_of_steps()
    {
        var stepper = new RateStepper(100, factor: 2, maxSteps: 3);
        stepper.Next(Good(100));
        stepper.Next(Good(200));
        Assert.Null(stepper.Next(Good(400)));
        Assert.Equal(400, stepper.Saturation()!.Offered);
    }

    [Fact]
    public void A_failed_first_step_stops_at_once_and_reports_the_best_delivered()
    {
        var stepper = new RateStepper(1000);
        Assert.Null(stepper.Next(Behind(1000)));
        Assert.Equal(700, stepper.Saturation()!.Delivered);
    }

    [Theory]
    [InlineData(1000, 1000, 1000, 900, 0, true)]
    [InlineData(1000, 900, 1000, 10, 0, false)]   // the generator could not send what was offered
    [InlineData(1000, 1000, 900, 10, 0, false)]   // the server delivered too little
    [InlineData(1000, 1000, 1000, 1500, 0, false)] // the server queued: p99 over the bound
    [InlineData(1000, 1000, 1000, 10, 3, false)]  // messages bounced
    public void Sustained_needs_sending_delivery_latency_and_no_errors(double offered, double sent, double delivered,
        double p99, long errors, bool sustained) =>
        Assert.Equal(sustained, new RateStepper(100).IsSustained(new StepResult(offered, sent, delivered, 1, p99, errors)));
}
