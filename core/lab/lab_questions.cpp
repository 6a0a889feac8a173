// The lesson's questions (`ask`) and guided steps (`step`) in a running lab:
// where the learner's clock stops, what a response earns, what the course
// records. The answers come from core/scenario/question.h, computed from a
// run of the lesson when it loads.
#include <algorithm>

#include "core/lab/lab_session.h"

namespace tcplab {

void LabSession::start_questions() {
  const Scenario& sc = lesson_->scenario;
  checkpoints_ = find_checkpoints(sc, world_->config().seed);
  progress_.assign(sc.questions.size(), QuestionProgress{});
  asking_.reset();
  last_answered_.reset();
  completed_ = false;
  guide_step_.reset();
  if (!sc.steps.empty()) guide_step_ = 0;
}

std::optional<Instant> LabSession::next_stop() const {
  std::optional<Instant> best;
  const Instant now = world_->now();
  auto consider = [&](Instant t) {
    if (t >= now && (!best || t < *best)) best = t;
  };
  for (std::size_t i = 0; i < checkpoints_.size(); ++i)
    if (checkpoints_[i].found && !progress_[i].settled()) consider(checkpoints_[i].pause);
  if (guide_step_ && lesson_ && *guide_step_ < lesson_->scenario.steps.size()) {
    const GuideStep& st = lesson_->scenario.steps[*guide_step_];
    if (st.until == GuideStep::Until::Moment) consider(st.t);
  }
  return best;
}

bool LabSession::stop_here() {
  const Instant now = world_->now();
  for (std::size_t i = 0; i < checkpoints_.size(); ++i)
    if (checkpoints_[i].found && !progress_[i].settled() && checkpoints_[i].pause == now) {
      asking_ = i;
      playing_ = false;
      return true;
    }
  if (guide_step_ && *guide_step_ < lesson_->scenario.steps.size()) {
    const GuideStep& st = lesson_->scenario.steps[*guide_step_];
    if (st.until == GuideStep::Until::Moment && st.t <= now) {
      playing_ = false;
      guide_next();
      return true;
    }
  }
  return false;
}

namespace {

// Whether the learner's input `a` is what the step waits for.
bool does_step(const World& w, const GuideStep& st, const Action& a) {
  const auto host_of_conn = [&](const std::string& conn) {
    const auto r = w.find(conn);
    return r ? w.hosts()[r->host].name() : std::string();
  };
  if (const auto* l = std::get_if<ListenAction>(&a)) return st.action == "listen" && l->host == st.host;
  if (const auto* c = std::get_if<ConnectAction>(&a)) return st.action == "connect" && c->host == st.host;
  if (const auto* c = std::get_if<CloseAction>(&a)) return st.action == "close" && host_of_conn(c->conn) == st.host;
  if (const auto* c = std::get_if<AbortAction>(&a)) return st.action == "abort" && host_of_conn(c->conn) == st.host;
  if (const auto* c = std::get_if<SendAction>(&a)) return st.action == "send" && host_of_conn(c->conn) == st.host;
  if (const auto* d = std::get_if<DropNextAction>(&a))
    return st.action == "drop" && w.hosts()[d->dir].name() == st.host &&
           (st.filter == SegmentFilter{} || d->filter == st.filter);
  return false;
}

}  // namespace

void LabSession::follow_guide() {
  if (!guide_step_ || !lesson_) return;
  const auto& steps = lesson_->scenario.steps;
  if (*guide_step_ >= steps.size()) return;
  const GuideStep& st = steps[*guide_step_];
  if (st.until == GuideStep::Until::Moment && world_->now() >= st.t) {
    guide_next();
    return;
  }
  if (st.until == GuideStep::Until::Action && st.action == "state") {
    // The host's connection (its newest, as the diagrams show it) has got there.
    for (std::size_t h = 0; h < world_->hosts().size(); ++h)
      if (world_->hosts()[h].name() == st.host)
        if (const auto f = focus(h); f && world_->entry(*f).conn.state() == st.state) guide_next();
    return;
  }
  if (st.until != GuideStep::Until::Action || world_->input_count() <= guide_inputs_) return;
  const std::vector<InputRecord> inputs = world_->inputs();
  bool done = false;
  for (std::size_t i = guide_inputs_; i < inputs.size(); ++i)
    if (!inputs[i].scheduled_for && does_step(*world_, st, inputs[i].action)) done = true;
  guide_inputs_ = inputs.size();
  if (done) guide_next();
}

void LabSession::guide_next() {
  if (!guide_step_ || !lesson_) return;
  const std::size_t n = lesson_->scenario.steps.size();
  if (*guide_step_ >= n) {  // past the last step: Next closes the guide
    guide_step_.reset();
    return;
  }
  guide_step_ = *guide_step_ + 1;
  guide_inputs_ = world_->input_count();
  if (*guide_step_ == n) complete_if_done();
}

LessonScore LabSession::score() const {
  LessonScore s;
  for (std::size_t i = 0; i < checkpoints_.size(); ++i) {
    if (!checkpoints_[i].found) continue;  // never asked: not counted
    ++s.questions;
    s.points += progress_[i].points;
    s.settled += progress_[i].settled() ? 1 : 0;
  }
  return s;
}

std::optional<bool> LabSession::answer(std::string_view response) {
  if (!asking_) return std::nullopt;
  const std::size_t i = *asking_;
  QuestionProgress& p = progress_[i];
  ++p.attempts;
  p.last_response = std::string(response);
  const bool right = answer_is_right(lesson_->scenario.questions[i], checkpoints_[i], response);
  if (right) {
    p.right = true;
    p.points = question_points(p.attempts, true);
  }
  last_answered_ = i;
  CourseEvent e;
  e.kind = CourseEvent::Kind::Answered;
  e.question = i;
  e.response = p.last_response;
  e.right = right;
  e.attempts = p.attempts;
  e.points = p.points;
  e.lesson = lesson_->name;
  e.t = world_->now();
  course_events_.push_back(std::move(e));
  if (right) settle_question(i);
  return right;
}

std::optional<std::string> LabSession::hint() {
  if (!asking_) return std::nullopt;
  const Question& q = lesson_->scenario.questions[*asking_];
  QuestionProgress& p = progress_[*asking_];
  if (q.hints.empty()) return std::nullopt;
  p.hints = std::min<int>(p.hints + 1, static_cast<int>(q.hints.size()));
  // In the lab's language, where the lesson gives it (`hint "..." zh-CN "..."`).
  const auto i = static_cast<std::size_t>(p.hints - 1);
  return i < q.hints_in.size() ? in_language(q.hints[i], q.hints_in[i], view_.lang) : q.hints[i];
}

std::optional<std::string> LabSession::reveal() {
  if (!asking_) return std::nullopt;
  const std::size_t i = *asking_;
  QuestionProgress& p = progress_[i];
  p.revealed = true;
  p.points = 0;
  last_answered_ = i;
  CourseEvent e;
  e.kind = CourseEvent::Kind::Answered;
  e.question = i;
  e.revealed = true;
  e.attempts = p.attempts;
  e.lesson = lesson_->name;
  e.t = world_->now();
  course_events_.push_back(std::move(e));
  settle_question(i);
  return checkpoints_[i].answer;
}

// The clock stays stopped: the learner reads the feedback (the rule, what
// happened), then plays on or replays the moment.
void LabSession::settle_question(std::size_t i) {
  if (asking_ == i) asking_.reset();
  complete_if_done();
}

// The lesson is complete once it has ended (or its guide has), every
// question it asked is settled, and it had questions or steps to complete.
void LabSession::complete_if_done() {
  if (completed_ || !lesson_) return;
  const Scenario& sc = lesson_->scenario;
  const LessonScore s = score();
  if (s.questions == 0 && sc.steps.empty()) return;
  const bool guide_done = !sc.steps.empty() && guide_step_ && *guide_step_ >= sc.steps.size();
  if (!(results_ || guide_done) || s.settled < s.questions) return;
  completed_ = true;
  CourseEvent e;
  e.kind = CourseEvent::Kind::Completed;
  e.score = s.scaled();
  e.points = s.points;
  e.lesson = lesson_->name;
  e.t = world_->now();
  course_events_.push_back(std::move(e));
}

}  // namespace tcplab
