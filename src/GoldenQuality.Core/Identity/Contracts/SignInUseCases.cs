using GoldenQuality.Common;
using Microsoft.AspNetCore.Http;

namespace GoldenQuality.Identity.Contracts;

/// <summary>A person's sign-in with user name and password (the body of <c>POST /api/auth/sign-in</c>).</summary>
public sealed record SignInRequest(string? UserName, string? Password);

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    Locked,
    Throttled,
}

/// <summary>
/// The outcome of a sign-in: signed in (the session cookie is set), wrong credentials, or refused for a while
/// (<see cref="RetryAfter"/>: the account is locked after too many wrong passwords, or this user name is throttled).
/// </summary>
public sealed record SignInResult(SignInOutcome Outcome, TimeSpan RetryAfter)
{
    public bool SignedIn => Outcome == SignInOutcome.SignedIn;

    /// <summary>Locked or throttled: the caller answers 429 with <see cref="RetryAfter"/>.</summary>
    public bool MustWait => Outcome is SignInOutcome.Locked or SignInOutcome.Throttled;
}

/// <summary>
/// Signs a person in on this node: checks the password (the same work whether the user exists or not; throttling per
/// user name; lockout after too many wrong passwords, kept as a security event), then opens a server-side session
/// and sets the cookie that names it (decision 0006). The attempt's changes (failure count, lockout, session) are
/// saved once.
/// </summary>
public sealed class SignInUser
{
    private readonly Sessions sessions;

    internal SignInUser(Sessions sessions) => this.sessions = sessions;

    /// <summary>The API's sign-in: both fields are required (trimmed), the user name at most 128 characters and the password 256.</summary>
    public async Task<HandlerResult<SignInResult>> HandleAsync(HttpContext http, SignInRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new Validation();
        var userName = v.Required("userName", request.UserName, 128);
        var password = v.Required("password", request.Password, 256);
        if (!v.IsValid)
        {
            return v.Result();
        }

        return await SignInAsync(http, userName, password, ct);
    }

    /// <summary>
    /// The sign-in form's: the user name and password as the form sends them (the page has checked that both are
    /// there), with the same checks, lockout and session as <see cref="HandleAsync"/>.
    /// </summary>
    public async Task<SignInResult> SignInAsync(HttpContext http, string userName, string password, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (outcome, user, retryAfter) = await sessions.CheckPasswordAsync(userName, password, http.Connection.RemoteIpAddress?.ToString() ?? "", ct);
        if (outcome == SignInOutcome.SignedIn)
        {
            await sessions.SignInAsync(http, user!, ct);
        }

        return new SignInResult(outcome, retryAfter);
    }
}

/// <summary>Signs the current person out: revokes the session on the server (the cookie is then worthless everywhere) and deletes the cookie.</summary>
public sealed class SignOutUser
{
    private readonly Sessions sessions;

    internal SignOutUser(Sessions sessions) => this.sessions = sessions;

    public Task HandleAsync(HttpContext http, CancellationToken ct) => sessions.SignOutAsync(http, ct);
}
