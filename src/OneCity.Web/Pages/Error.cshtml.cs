using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneCity.Web.Pages;

/// <summary>
/// The friendly page browsers see for 4xx/5xx (re-executed by the status-code and exception middleware). It keeps
/// the original status and never shows exception details. POSTs are re-executed too, hence no antiforgery check.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public string TraceId { get; private set; } = "";

    /// <summary>The year without a loaded holiday calendar, when that is why the request failed.</summary>
    public int? Year { get; private set; }

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        // Reached directly (not re-executed): answer with the status asked for, within reason.
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Code = code is >= 400 and <= 599 ? code : 404;
        (Title, Message) = Code switch
        {
            404 => ("页面不存在", "您要找的页面不存在或已移动。请检查地址，或从首页重新进入。"),
            403 => ("无权访问", "您的角色或辖区不允许访问此页面。"),
            401 => ("请先登录", "此页面需要登录后才能访问。"),
            400 => ("请求无效", "请求无法处理，请返回上一页重试。"),
            >= 500 => ("系统出了点问题", "服务暂时无法完成您的请求，我们已记录此问题。请稍后再试。"),
            _ => ("请求未能完成", "请求无法处理，请返回上一页重试。"),
        };
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error is Platform.Calendar.CalendarYearMissingException missing)
        {
            // A deadline in a year whose holiday notice is not loaded yet: the platform refuses to guess.
            Code = StatusCodes.Status422UnprocessableEntity;
            Year = missing.Year;
            (Title, Message) = ("暂时无法计算办理期限", "办理期限落在节假日安排尚未发布的年份，暂时无法计算承诺办结日期。请稍后再试，或到窗口咨询。");
        }

        TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var page = Page();
        page.StatusCode = reExecuted ? HttpContext.Response.StatusCode : Code;
        return page;
    }
}
