using ErpConnector.Contracts;
using ErpConnector.Domain.Deals;
using ErpConnector.Omie;
using ErpConnector.Service.Deals;
using ErpConnector.Service.Deals.MunicipalCodes;
using ErpConnector.TestSupport.Deals;

namespace ErpConnector.Service.Tests.Deals;

/// <summary>Issue #14: the municipal service code is checked against the city's list in Omie before the deal is
/// written; an unreadable list lets the deal through (the city remains the judge).</summary>
public sealed class When_a_service_code_is_checked_at_intake : DealSpec
{
    private static IReadOnlyList<OmieMunicipalServiceCode> SaoPaulo(params string[] codes) =>
        [.. codes.Select(c => new OmieMunicipalServiceCode(c, "SAO PAULO (SP)", "1.07", "Serviço"))];

    private static DealWon WithCodes(params string[] codes) =>
        DealWonBuilder.AWonDeal().WithServices([.. codes.Select(c => DealSamples.Support(c))]).Build();

    [Fact]
    public async Task An_unknown_code_is_rejected_at_intake_naming_the_service_and_what_to_do()
    {
        Omie.Next(ScriptedOmie.MunicipalCodes, () => SaoPaulo("01015", "02798"));
        var won = WithCodes("01015", "99999");

        var result = await Intake.RecordAsync(won, default);

        Assert.Equal(DealIntake.Outcome.Rejected, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal("services[1].municipalCode", error.Field);
        Assert.Equal(MunicipalCodeCheck.UnknownCode, error.Code);
        Assert.Contains("'99999'", error.Message);
        Assert.Contains("register this code", error.Message);
        Assert.Equal(DealState.Rejected, (await ReadAsync(won.DealId)).State);
        Assert.Equal(1, Rejected(won.DealId));
        Assert.Equal(0, Omie.CountOf(ScriptedOmie.Create));
    }

    [Fact]
    public async Task A_known_code_is_accepted_whatever_its_punctuation_and_a_registered_service_counts_as_known()
    {
        Omie.Next(ScriptedOmie.MunicipalCodes, () => SaoPaulo("01.015"))
            .Next(ScriptedOmie.RegisteredServices, () => new List<OmieRegisteredService> { new("SRV1", "07498", "7.02", false), new("SRV2", "05555", "7.02", true) });

        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("01015", "07498"), default)).Outcome);
        var inactive = await Intake.RecordAsync(WithCodes("05555"), default);
        Assert.Equal(DealIntake.Outcome.Rejected, inactive.Outcome);
    }

    [Fact]
    public async Task The_list_is_read_once_per_city_per_day()
    {
        Omie.Always(ScriptedOmie.MunicipalCodes, () => SaoPaulo("01015"));

        await Intake.RecordAsync(WithCodes("01015"), default);
        await Intake.RecordAsync(WithCodes("01015"), default);
        Clock.Advance(TimeSpan.FromHours(23));
        await Intake.RecordAsync(WithCodes("01015"), default);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.MunicipalCodes));

        Clock.Advance(TimeSpan.FromHours(1));
        await Intake.RecordAsync(WithCodes("01015"), default);
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.MunicipalCodes));
    }

    [Fact]
    public async Task Only_the_configured_citys_codes_count()
    {
        CodeCheck.City = "São Paulo (SP)";
        Omie.Next(ScriptedOmie.MunicipalCodes, () => new List<OmieMunicipalServiceCode>
        {
            new("01015", "SAO PAULO (SP)", "1.07", ""), new("1401", "CAMPINAS (SP)", "14.01", ""),
        });

        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("01015"), default)).Outcome);
        var other = await Intake.RecordAsync(WithCodes("1401"), default);
        Assert.Equal(DealIntake.Outcome.Rejected, other.Outcome);
        Assert.Contains("São Paulo (SP)", Assert.Single(other.Errors).Message);
    }

    [Fact]
    public async Task When_omie_holds_no_list_the_deal_proceeds()
    {
        // ScriptedOmie's default: no list.
        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
    }

    [Fact]
    public async Task When_the_list_cannot_be_read_the_deal_proceeds_and_omie_is_asked_again_only_after_a_while()
    {
        Omie.Always(ScriptedOmie.MunicipalCodes, () => throw new OmieTransportException("ListarServMunic", 503, "Service Unavailable"));

        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.MunicipalCodes));

        Clock.Advance(CodeCheck.RetryUnavailableAfter);
        await Intake.RecordAsync(WithCodes("99999"), default);
        Assert.Equal(2, Omie.CountOf(ScriptedOmie.MunicipalCodes));
    }

    [Fact]
    public async Task A_list_slower_than_the_intake_timeout_lets_the_deal_proceed_and_fills_the_cache_when_it_arrives()
    {
        var answer = new TaskCompletionSource<object?>();
        Omie.NextAsync(ScriptedOmie.MunicipalCodes, _ => answer.Task);
        var intake = Intake.RecordAsync(WithCodes("99999"), default);
        await WaitUntil(() => Omie.CountOf(ScriptedOmie.MunicipalCodes) == 1);

        Clock.Advance(CodeCheck.IntakeTimeout);
        Assert.Equal(DealIntake.Outcome.Accepted, (await intake).Outcome);

        answer.SetResult(SaoPaulo("01015"));
        await WaitUntil(() => Omie.CountOf(ScriptedOmie.RegisteredServices) == 1);
        Assert.Equal(DealIntake.Outcome.Rejected, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
        Assert.Equal(1, Omie.CountOf(ScriptedOmie.MunicipalCodes));
    }

    [Fact]
    public async Task A_paused_omie_is_not_asked_and_the_deal_proceeds()
    {
        Limiter.PauseUntil(T0.AddMinutes(30), "MISUSE_API_PROCESS");
        Omie.Next(ScriptedOmie.MunicipalCodes, () => SaoPaulo("01015"));

        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
        Assert.Empty(Omie.Calls);
    }

    [Fact]
    public async Task The_check_can_be_switched_off()
    {
        CodeCheck.Enabled = false;
        Omie.Next(ScriptedOmie.MunicipalCodes, () => SaoPaulo("01015"));

        Assert.Equal(DealIntake.Outcome.Accepted, (await Intake.RecordAsync(WithCodes("99999"), default)).Outcome);
        Assert.Empty(Omie.Calls);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
