extension MetricsSource {
    /// Runs final query texts concurrently; the answers come back in the order of `texts`, so callers apply them in
    /// Kiali's order (its first-wins and last-wins rules depend on it). An empty text is not sent and answers nothing.
    /// - Throws: ``GraphError`` from the first query that failed.
    func vectors(_ texts: [String], at time: Int64) async throws(GraphError) -> [[MetricSample]] {
        if texts.count == 1 { return texts[0].isEmpty ? [[]] : [try await vector(texts[0], time)] }
        let vector = self.vector
        do {
            return try await withThrowingTaskGroup(of: (Int, [MetricSample]).self) { group in
                for (i, text) in texts.enumerated() where !text.isEmpty {
                    group.addTask { (i, try await vector(text, time)) }
                }
                var answers = Array(repeating: [MetricSample](), count: texts.count)
                while let (i, samples) = try await group.next() { answers[i] = samples }
                return answers
            }
        } catch let e as GraphError {
            throw e
        } catch is CancellationError {
            throw GraphError(.unavailable, "the graph request was cancelled")
        } catch {
            throw GraphError(.internal, "\(error)")
        }
    }
}
