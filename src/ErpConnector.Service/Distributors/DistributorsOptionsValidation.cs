using ErpConnector.Distributors.Configuration;
using Microsoft.Extensions.Options;
using Quartz;

namespace ErpConnector.Service.Distributors;

/// <summary>Start-up validation of "Distributors": every failure names its key, e.g.
/// <c>Distributors:Feeds:0:Schedule '0 0 25 * * ?' is not a valid Quartz cron expression: ...</c>.</summary>
public sealed class DistributorsOptionsValidation : IValidateOptions<DistributorsOptions>
{
    private static readonly PriceFeedOptionsValidator Validator = new(CronError);

    public ValidateOptionsResult Validate(string? name, DistributorsOptions options)
    {
        var errors = Validator.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? CronError(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) return "it is empty (e.g. \"0 0 6 * * ?\" for 06:00 daily).";
        try
        {
            CronExpression.Parse(expression);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ex.Message;
        }
    }
}
