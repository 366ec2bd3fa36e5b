import Vapor
import VigilCore

/// The view models `ReportTemplateController` renders (templates in Resources/Views); they never query.
extension ReportTemplateController {
    typealias Page = TemplateEditorPage
}
