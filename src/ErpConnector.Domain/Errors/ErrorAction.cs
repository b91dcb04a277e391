namespace ErpConnector.Domain.Errors;

/// <summary>What the processor does next. Written kebab-case in the table.</summary>
public enum ErrorAction
{
    /// <summary>Query the status again later; never resend.</summary>
    PollLater,
    /// <summary>Durable retry with backoff; query before resending, the last call may have been applied.</summary>
    RetryOnSchedule,
    /// <summary>Retry at <see cref="ErrorClassification.WaitUntil"/>, the time the message states.</summary>
    WaitStatedTime,
    /// <summary>Stop every call for this app_key until <see cref="ErrorClassification.WaitUntil"/>.</summary>
    PauseAppKey,
    /// <summary>Omie does not know the customer: register it (upsert by integration code), then repeat the step.</summary>
    RegisterCustomerThenContinue,
    /// <summary>Not a failure: the work is done or there was nothing to do.</summary>
    Succeed,
    /// <summary>Terminal: a person must act on the corrective action.</summary>
    Fail,
}
